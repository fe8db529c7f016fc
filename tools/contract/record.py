#!/usr/bin/env python3
"""Record, and compare against, the HTTP contract of a register (Open Klant's
Klantinteracties API, Referentielijsten).

Why: the sandbox must answer as the real registers answer. This tool runs an
ordered request script (``tests/contract/<target>/requests.json``) against a
real server and writes every exchange, normalised, as one JSON file per step
(``record``); the same script run against another server (the sandbox) is
then normalised the same way and compared with those files (``compare``).
Python 3.9+ standard library only, so it runs on any machine.

Usage (see tests/contract/README.md):

    record.py record  --target DIR --base URL [--token T] [--clean]
    record.py compare --target DIR --base URL [--token T] [--report FILE] [--strict]
    record.py show    --target DIR      # the steps, one line each

The request script (``DIR/requests.json``)::

    {"description": "...",
     "keep_datetimes": false,        # true: date-times are data, never normalised
     "vars": {"bsn:persoon": "bsn", "run": "run", ...},   # generated per run
     "steps": [{"name": "partij-persoon-create",
                "method": "POST", "path": "/partijen",
                "query": [["k", "v"], ...] | {"k": "v"},
                "headers": {"Accept": "application/json"},
                "auth": "token" | "none" | "wrong",            # default token
                "body": {...} | "raw": "text sent as is",
                "capture": {"uuid:persoon": "/uuid", "url:next": "/next"},
                "expect": 201,                                  # optional
                "note": "why this step exists"}]}

Placeholders ``{{name}}`` in a step (path, query, headers, body) are replaced
by a var's generated value or a captured value. A path that is a whole URL
(e.g. a captured ``next`` link) is used as is.

Normalisation of an answer (the same for recording and comparing):
  * the base URL -> ``{{base}}``; the scheme://host[:port] -> ``{{host}}`` (with
    https instead of http -> ``{{host:https}}``);
  * a uuid captured earlier -> ``{{uuid:name}}``; any other uuid ->
    ``{{uuid:<step>#<n>}}`` (numbered in order of first appearance, kept for
    later steps, so a replay in the same order names them the same);
  * every generated var's value -> ``{{name}}``;
  * a date-time (or date) string that was not sent in a request ->
    ``{{datetime}}`` (``{{date}}``); one that was sent stays as the server
    rendered it;
  * a ``nummer`` the server generated (not sent) -> ``{{nummer}}``.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import string
import sys
import urllib.parse

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACEHOLDER_RE = re.compile(r"\{\{([^{}]+)\}\}")
# Answer headers worth keeping: the rest (CSP, X-Frame-Options, …) is
# deployment, not API.
KEPT_HEADERS = ("content-type", "api-version", "allow", "location", "www-authenticate")
# Headers whose difference breaks the contract (the others are reported as notes).
CONTRACT_HEADERS = ("content-type", "api-version", "www-authenticate")
TEXT_KEPT = 200  # characters kept of an answer that is not JSON
WRONG_TOKEN = "0000000000000000000000000000000000000000"


# ----------------------------------------------------------------- values


def elfproef(digits):
    """The 11-test of BSN and RSIN: sum(d_i * (9 - i)) for the first eight, minus the last."""
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


def generate(kind, rng):
    """A fresh value of the given kind, so that a run does not meet an earlier run's data."""
    if kind in ("bsn", "rsin"):
        while True:
            # BSNs of the form 9999xxxxx are test numbers; start at 1 so no leading zero.
            digits = ("1" if kind == "rsin" else "9") + "".join(rng.choice(string.digits) for _ in range(8))
            if elfproef(digits):
                return digits
    if kind == "kvk":
        return "".join(rng.choice(string.digits) for _ in range(8))
    if kind == "vestigingsnummer":
        return "".join(rng.choice(string.digits) for _ in range(12))
    if kind.startswith("digits:"):
        n = int(kind.split(":", 1)[1])
        return rng.choice("123456789") + "".join(rng.choice(string.digits) for _ in range(n - 1))
    if kind == "run":
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    if kind.startswith("text:"):
        # a word of letters of the given length (e.g. a unique achternaam)
        n = int(kind.split(":", 1)[1])
        return rng.choice(string.ascii_uppercase) + "".join(rng.choice(string.ascii_lowercase) for _ in range(n - 1))
    raise SystemExit(f"requests.json: unknown var kind {kind!r}")


def parse_instant(text):
    """A date-time string as an aware datetime (naive ones as UTC), or None."""
    t = text.strip().replace(" ", "T", 1)
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    m = re.match(r"^(.*[T]\d{2}:\d{2}(?::\d{2})?)(\.\d+)?([+-]\d{2}):?(\d{2})$", t)
    if m:  # fromisoformat before 3.11 wants exactly 3 or 6 fraction digits
        frac = (m.group(2) or "")[:7].ljust(7, "0") if m.group(2) else ""
        t = f"{m.group(1)}{frac}{m.group(3)}:{m.group(4)}"
    else:
        m = re.match(r"^(.*[T]\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$", t)
        if m and m.group(2):
            t = m.group(1) + m.group(2)[:7].ljust(7, "0")
    try:
        value = dt.datetime.fromisoformat(t)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


class State:
    """What one run knows: generated vars, captured values, sent date-times, auto-named uuids."""

    def __init__(self, script, base, seed=None):
        rng = random.Random(seed)
        self.base = base.rstrip("/")
        parts = urllib.parse.urlsplit(self.base)
        self.host = f"{parts.scheme}://{parts.netloc}"
        self.values = {}  # placeholder name -> value (vars and captures)
        for name, kind in script.get("vars", {}).items():
            self.values[name] = generate(kind, rng)
        self.uuids = {}  # lower-case uuid -> placeholder name
        self.sent_instants = set()
        self.sent_dates = set()
        self.sent_strings = set()
        # A register whose date-times are all data (Referentielijsten) keeps them as they are.
        self.keep_datetimes = bool(script.get("keep_datetimes"))

    # -- requests

    def fill(self, value):
        """Replace {{name}} in a step's value (recursively)."""
        if isinstance(value, str):
            whole = PLACEHOLDER_RE.fullmatch(value)
            if whole and not isinstance(self.values.get(whole.group(1)), str) and whole.group(1) in self.values:
                return self.values[whole.group(1)]

            def one(m):
                name = m.group(1)
                if name == "base":
                    return self.base
                if name == "host":
                    return self.host
                if name not in self.values:
                    raise SystemExit(f"placeholder {{{{{name}}}}} used before it was captured")
                return str(self.values[name])

            return PLACEHOLDER_RE.sub(one, value)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value

    def note_sent(self, value):
        """Remember the date-times, dates and strings a request sent (they are kept as rendered)."""
        if isinstance(value, str):
            self.sent_strings.add(value)
            if DATETIME_RE.match(value):
                inst = parse_instant(value)
                if inst:
                    self.sent_instants.add(inst)
            elif DATE_RE.match(value):
                self.sent_dates.add(value)
        elif isinstance(value, list):
            for v in value:
                self.note_sent(v)
        elif isinstance(value, dict):
            for v in value.values():
                self.note_sent(v)

    def capture(self, name, value):
        self.values[name] = value
        if isinstance(value, str) and UUID_RE.fullmatch(value):
            self.uuids[value.lower()] = name

    # -- answers

    def normalise_text(self, text, step, counter):
        # One pass over the text outside uuids, longest value first, so that
        # a value is never looked for inside a placeholder already written.
        known = {self.base: "base", self.host: "host"}
        # the same host behind a TLS-terminating proxy (X-Forwarded-Proto: https)
        if self.host.startswith("http://"):
            known["https://" + self.host[len("http://"):]] = "host:https"
        for name, value in self.values.items():
            # a captured url is a link to follow, not a value to hide
            if isinstance(value, str) and value and not UUID_RE.fullmatch(value) and not value.startswith("http"):
                known[value] = name
        pattern = re.compile("|".join(re.escape(v) for v in sorted(known, key=len, reverse=True) if v))

        def uuid(u):
            u = u.lower()
            if u not in self.uuids:
                counter[0] += 1
                self.uuids[u] = f"uuid:{step}#{counter[0]}"
            return "{{" + self.uuids[u] + "}}"

        out, pos = [], 0
        for m in UUID_RE.finditer(text):
            out.append(pattern.sub(lambda k: "{{" + known[k.group(0)] + "}}", text[pos:m.start()]))
            out.append(uuid(m.group(0)))
            pos = m.end()
        out.append(pattern.sub(lambda k: "{{" + known[k.group(0)] + "}}", text[pos:]))
        return "".join(out)

    def normalise(self, value, step, counter, key=None):
        if isinstance(value, dict):
            return {k: self.normalise(v, step, counter, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.normalise(v, step, counter, key) for v in value]
        if not isinstance(value, str):
            return value
        if not self.keep_datetimes and DATETIME_RE.match(value):
            inst = parse_instant(value)
            return value if inst in self.sent_instants else "{{datetime}}"
        if not self.keep_datetimes and DATE_RE.match(value):
            return value if value in self.sent_dates else "{{date}}"
        out = self.normalise_text(value, step, counter)
        if key == "nummer" and out == value and value and value not in self.sent_strings:
            return "{{nummer}}"
        return out


# ----------------------------------------------------------------- HTTP


def exchange(state, step):
    """Send one step; returns (request as recorded, response as recorded, raw body json or None)."""
    method = step.get("method", "GET").upper()
    path = state.fill(step["path"])
    query = step.get("query") or []
    if isinstance(query, dict):
        query = list(query.items())
    query = [(k, state.fill(v)) for k, v in query]
    headers = {"Accept": "application/json"}
    headers.update(step.get("headers") or {})
    headers = {k: state.fill(v) for k, v in headers.items()}
    auth = step.get("auth", "token")
    if auth == "token" and state.token:
        headers["Authorization"] = f"Token {state.token}"
    elif auth == "wrong":
        headers["Authorization"] = f"Token {WRONG_TOKEN}"
    data = None
    if "raw" in step:
        data = state.fill(step["raw"]).encode()
        headers.setdefault("Content-Type", "application/json")
    elif "body" in step:
        body = state.fill(step["body"])
        state.note_sent(body)
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    for _, v in query:
        state.note_sent(v)

    if path.startswith("http"):
        url = path
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
    else:
        url = state.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
    parts = urllib.parse.urlsplit(url)
    conn_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = conn_class(parts.netloc, timeout=120)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, target, body=data, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    status = resp.status
    got_headers = {k.lower(): v for k, v in resp.getheaders()}
    conn.close()
    try:
        parsed = json.loads(raw) if raw else None
        is_json = raw != b""
    except ValueError:
        parsed, is_json = None, False
    return status, got_headers, raw, parsed, is_json


def run_step(state, step, index):
    name = step["name"]
    status, headers, raw, parsed, is_json = exchange(state, step)
    # Captures come first: the answer's own uuid is then named by the capture.
    for placeholder, pointer in (step.get("capture") or {}).items():
        value = json_pointer(parsed, pointer)
        if value is None:
            raise SystemExit(f"step {index} {name}: capture {placeholder} {pointer}: nothing there "
                             f"(status {status}, body {raw[:400]!r})")
        state.capture(placeholder, value)
    counter = [0]
    response = {"status": status, "headers": {}}
    for h in KEPT_HEADERS:
        if h in headers:
            response["headers"][h] = state.normalise_text(headers[h], name, counter)
    if is_json:
        response["body"] = state.normalise(parsed, name, counter)
    elif raw:
        # A page that is not JSON (an HTML 404): its start is enough to know it.
        text = raw.decode("utf-8", "replace")
        response["text"] = state.normalise_text(text[:TEXT_KEPT], name, counter)
        if len(text) > TEXT_KEPT:
            response["text_truncated"] = True
    request = {k: step[k] for k in ("method", "path", "query", "headers", "auth", "body", "raw") if k in step}
    request.setdefault("method", "GET")
    return request, response


def json_pointer(doc, pointer):
    if pointer in ("", "/"):
        return doc
    cur = doc
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return None
        elif isinstance(cur, dict):
            if part not in cur:
                return None
            cur = cur[part]
        else:
            return None
    return cur


def file_name(index, step):
    return f"{index:03d}-{step['name']}.json"


def load_script(target):
    with open(os.path.join(target, "requests.json"), encoding="utf-8") as f:
        script = json.load(f)
    names = [s["name"] for s in script["steps"]]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"requests.json: step names used twice: {sorted(dup)}")
    for s in script["steps"]:
        if not re.fullmatch(r"[a-z0-9][A-Za-z0-9_.+-]*", s["name"]):
            raise SystemExit(f"requests.json: step name {s['name']!r}: use letters, digits, '-', '_', '+' and '.'")
    return script


# ----------------------------------------------------------------- record


def cmd_record(args):
    script = load_script(args.target)
    state = State(script, args.base, args.seed)
    state.token = args.token
    if args.clean:
        for f in os.listdir(args.target):
            if re.fullmatch(r"\d{3}-.*\.json", f):
                os.remove(os.path.join(args.target, f))
    unexpected = 0
    for i, step in enumerate(script["steps"], 1):
        try:
            request, response = run_step(state, step, i)
        except SystemExit as e:
            if not args.keep_going:
                raise
            unexpected += 1
            print(f"{i:3d} SKIPPED {step['name']}: {e}", file=sys.stderr)
            continue
        expect = step.get("expect")
        flag = ""
        if expect is not None and response["status"] != expect:
            unexpected += 1
            flag = f"   <-- expected {expect}"
        print(f"{i:3d} {request['method']:6s} {response['status']} {step['name']}{flag}", file=sys.stderr)
        doc = {"step": step["name"]}
        if step.get("note"):
            doc["note"] = step["note"]
        doc["request"] = request
        doc["response"] = response
        with open(os.path.join(args.target, file_name(i, step)), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")
    print(f"{len(script['steps'])} exchanges recorded in {args.target}"
          + (f"; {unexpected} with an unexpected status" if unexpected else ""), file=sys.stderr)
    return 1 if unexpected else 0


# ----------------------------------------------------------------- compare


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def diff_shape_values(want, got, path, values, out, notes):
    """Recursive comparison: keys and types always, values when `values` holds."""
    tw, tg = type_name(want), type_name(got)
    if tw != tg:
        out.append(f"{path or '/'}: recorded {tw} {short(want)}, got {tg} {short(got)}")
        return
    if tw == "object":
        wk, gk = list(want.keys()), list(got.keys())
        missing = [k for k in wk if k not in got]
        extra = [k for k in gk if k not in want]
        if missing:
            out.append(f"{path or '/'}: missing keys {missing}")
        if extra:
            out.append(f"{path or '/'}: extra keys {extra}")
        common_w = [k for k in wk if k in got]
        common_g = [k for k in gk if k in want]
        if common_w != common_g:
            notes.append(f"{path or '/'}: key order recorded {common_w}, got {common_g}")
        for k in common_w:
            diff_shape_values(want[k], got[k], f"{path}/{k}", values, out, notes)
    elif tw == "array" and values and path != "/results" and keyed(want) and keyed(got):
        # A relation inside a resource (a partij's betrokkenen, a klantcontact's
        # hadBetrokkenen): Open Klant gives it no order (seen to change between
        # runs of the same script), so its items are matched by uuid. The order
        # of a list endpoint's /results is defined and compared.
        wi = {w["uuid"]: w for w in want}
        gi = {g["uuid"]: g for g in got}
        if set(wi) != set(gi):
            out.append(f"{path}: recorded items {sorted(set(wi) - set(gi))} missing, "
                       f"items {sorted(set(gi) - set(wi))} not recorded")
        for i, u in enumerate(k for k in wi if k in gi):
            diff_shape_values(wi[u], gi[u], f"{path}/{i}", values, out, notes)
    elif tw == "array":
        if values and len(want) != len(got):
            out.append(f"{path or '/'}: recorded {len(want)} items, got {len(got)}")
        # shape: every item of `got` against the first recorded item when values are not compared
        for i in range(min(len(want), len(got)) if values else (len(got) if want else 0)):
            diff_shape_values(want[i] if values else want[0], got[i], f"{path}/{i}", values, out, notes)
    elif values and want != got:
        out.append(f"{path or '/'}: recorded {short(want)}, got {short(got)}")


def keyed(items):
    """Every item an object with a distinct uuid."""
    uuids = [i.get("uuid") for i in items if isinstance(i, dict)]
    return len(uuids) == len(items) and None not in uuids and len(set(uuids)) == len(uuids)


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 120 else s[:117] + "..."


def problem_pairs(body):
    if not isinstance(body, dict):
        return None
    pairs = body.get("invalidParams")
    if not isinstance(pairs, list):
        return None
    return sorted((p.get("name"), p.get("code")) for p in pairs if isinstance(p, dict))


def compare_exchange(recorded, got):
    """(contract differences, notes) between one recorded and one replayed answer."""
    diffs, notes = [], []
    rs, gs = recorded["status"], got["status"]
    if rs != gs:
        diffs.append(f"status: recorded {rs}, got {gs}")
    for h in KEPT_HEADERS:
        rv, gv = recorded["headers"].get(h), got["headers"].get(h)
        if rv != gv:
            line = f"header {h}: recorded {rv!r}, got {gv!r}"
            (diffs if h in CONTRACT_HEADERS else notes).append(line)
    rb, gb = recorded.get("body"), got.get("body")
    if ("body" in recorded) != ("body" in got):
        diffs.append(f"body: recorded {'JSON' if 'body' in recorded else 'no JSON'}, "
                     f"got {'JSON' if 'body' in got else 'no JSON: ' + short(got.get('text', ''))}")
    elif "body" in recorded:
        if rs >= 400:
            # Errors: the shape, the problem code and the invalidParams name/code pairs.
            diff_shape_values(rb, gb, "", False, diffs, notes)
            if isinstance(rb, dict) and isinstance(gb, dict):
                if rb.get("code") != gb.get("code"):
                    diffs.append(f"/code: recorded {rb.get('code')!r}, got {gb.get('code')!r}")
                if problem_pairs(rb) != problem_pairs(gb):
                    diffs.append(f"/invalidParams: recorded {problem_pairs(rb)}, got {problem_pairs(gb)}")
                text_diffs = []
                diff_shape_values(rb, gb, "", True, text_diffs, [])
                notes.extend(d for d in text_diffs if not d.startswith(("/code", "/invalidParams/", "/status")))
        else:
            diff_shape_values(rb, gb, "", True, diffs, notes)
    elif recorded.get("text") != got.get("text"):
        notes.append(f"text body: recorded {short(recorded.get('text'))}, got {short(got.get('text'))}")
    return diffs, notes


def fold(notes):
    """The same note for every item of a list, once: `/results/*/x (8 times)`."""
    counts = {}
    for n in notes:
        key = re.sub(r"/\d+(?=/|:)", "/*", n)
        counts[key] = counts.get(key, 0) + 1
    return [k if c == 1 else f"{k} ({c} times)" for k, c in counts.items()]


def cmd_compare(args):
    script = load_script(args.target)
    state = State(script, args.base, args.seed)
    state.token = args.token
    lines, failed, same = [], 0, 0
    for i, step in enumerate(script["steps"], 1):
        path = os.path.join(args.target, file_name(i, step))
        if not os.path.exists(path):
            raise SystemExit(f"no recording {path}: record first")
        with open(path, encoding="utf-8") as f:
            recorded = json.load(f)
        try:
            _, response = run_step(state, step, i)
        except SystemExit as e:
            failed += 1
            lines.append(f"## {i:03d} {step['name']}: FAILED to run: {e}")
            print(f"{i:3d} ERR  {step['name']}: {e}", file=sys.stderr)
            # a capture this step should have made is missing: later steps that need it fail too
            continue
        diffs, notes = compare_exchange(recorded["response"], response)
        notes = fold(notes)
        req = recorded["request"]
        label = f"{req['method']} {req['path']}"
        if diffs:
            failed += 1
            lines.append(f"## {i:03d} {step['name']} ({label}): {len(diffs)} difference(s)")
            lines += [f"- {d}" for d in diffs]
            if notes and args.notes:
                lines += [f"- note: {n}" for n in notes]
        else:
            same += 1
            if notes and args.notes:
                lines.append(f"## {i:03d} {step['name']} ({label}): same (notes only)")
                lines += [f"- note: {n}" for n in notes]
        print(f"{i:3d} {'DIFF' if diffs else 'same'} {step['name']}", file=sys.stderr)
    total = len(script["steps"])
    head = f"# {args.target} against {args.base}\n\n{same} of {total} exchanges the same, {failed} different.\n"
    text = head + "\n" + "\n".join(lines) + "\n"
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text)
    print(f"{same} of {total} the same", file=sys.stderr)
    return 1 if failed and args.strict else 0


def cmd_show(args):
    script = load_script(args.target)
    for i, s in enumerate(script["steps"], 1):
        q = s.get("query") or []
        if isinstance(q, dict):
            q = list(q.items())
        qs = ("?" + "&".join(f"{k}={v}" for k, v in q)) if q else ""
        print(f"{i:3d} {s.get('method', 'GET'):6s} {s['path']}{qs}  [{s['name']}]")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("record", "compare", "show"):
        s = sub.add_parser(name)
        s.add_argument("--target", required=True, help="tests/contract/<target> (holds requests.json)")
        if name != "show":
            s.add_argument("--base", required=True, help="the API root, e.g. http://127.0.0.1:8000/klantinteracties/api/v1")
            s.add_argument("--token", default=os.environ.get("CONTRACT_TOKEN", ""),
                           help="sent as 'Authorization: Token …' (env CONTRACT_TOKEN); empty: none")
            s.add_argument("--seed", type=int, default=None, help="seed for the generated vars (default: random)")
        if name == "record":
            s.add_argument("--clean", action="store_true", help="remove earlier NNN-*.json first")
            s.add_argument("--keep-going", action="store_true",
                           help="go on after a step that cannot run (a failed capture); it is not written")
        if name == "compare":
            s.add_argument("--report", help="write the differences here (default: stdout)")
            s.add_argument("--notes", action="store_true", help="also list non-contract notes (texts, key order, Allow)")
            s.add_argument("--strict", action="store_true", help="exit 1 when any exchange differs")
    args = p.parse_args()
    return {"record": cmd_record, "compare": cmd_compare, "show": cmd_show}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
