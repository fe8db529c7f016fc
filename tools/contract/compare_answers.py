#!/usr/bin/env python3
"""Compare the gateway's answer to one GraphQL query from two gateways (or a
gateway and a saved answer), e.g. one pointed at a real Open Klant and one at
the sandbox holding the same data (issue 13: "the C4161 answer is the same").

Why: generated ids and server-set instants differ between two registers that
hold the same data, so the answers are normalised first: every uuid becomes
``{{uuid:N}}`` numbered in order of first appearance (as
``tests/contract/openklant-2.18/c4161-answer.json``), and the values of the
keys named with ``--volatile`` (instants the register sets itself, such as
``toegewezenOp``) become ``{{volatile}}``. Everything else must be equal,
list order included. Stdlib only.

    compare_answers.py --query queries/c4161-klantbeeld.graphql --variables '{"nummer": "123454321"}' \\
        --left http://127.0.0.1:18380/graphql --right http://127.0.0.1:18390/graphql \\
        [--volatile toegewezenOp] [--save-left FILE] [--save-right FILE]

A side may also be a file holding a saved answer (``file:PATH``; its
placeholders are kept as they are). Exit 0 when equal, 1 with the
differences listed otherwise.
"""

import argparse
import json
import re
import sys
import urllib.request

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def fetch(side, document, variables):
    if side.startswith("file:"):
        with open(side[5:], encoding="utf-8") as f:
            return json.load(f)
    body = json.dumps({"query": document, "variables": variables}).encode()
    req = urllib.request.Request(side, data=body, method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept", "application/json")
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read())


def normalise(value, volatile, uuids, key=None):
    if isinstance(value, dict):
        return {k: normalise(v, volatile, uuids, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, volatile, uuids, key) for v in value]
    if key in volatile and value is not None:
        return "{{volatile}}"
    if isinstance(value, str) and UUID_RE.match(value):
        uuids.setdefault(value.lower(), f"{{{{uuid:{len(uuids) + 1}}}}}")
        return uuids[value.lower()]
    return value


def diff(left, right, path, out):
    if type(left) is not type(right):
        out.append(f"{path or '/'}: {json.dumps(left)[:100]} | {json.dumps(right)[:100]}")
    elif isinstance(left, dict):
        for k in sorted(set(left) | set(right)):
            if k not in left or k not in right:
                out.append(f"{path}/{k}: only {'right' if k not in left else 'left'}")
            else:
                diff(left[k], right[k], f"{path}/{k}", out)
    elif isinstance(left, list):
        if len(left) != len(right):
            out.append(f"{path}: {len(left)} items | {len(right)} items")
        for i, (a, b) in enumerate(zip(left, right)):
            diff(a, b, f"{path}/{i}", out)
    elif left != right:
        out.append(f"{path}: {json.dumps(left)[:100]} | {json.dumps(right)[:100]}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--query", required=True)
    p.add_argument("--variables", default="{}")
    p.add_argument("--left", required=True, help="a GraphQL URL or file:PATH")
    p.add_argument("--right", required=True, help="a GraphQL URL or file:PATH")
    p.add_argument("--volatile", action="append", default=[], help="a key whose value is not compared")
    p.add_argument("--save-left")
    p.add_argument("--save-right")
    args = p.parse_args()
    with open(args.query, encoding="utf-8") as f:
        document = f.read()
    variables = json.loads(args.variables)
    volatile = set(args.volatile)
    answers = []
    for side, save in ((args.left, args.save_left), (args.right, args.save_right)):
        answer = normalise(fetch(side, document, variables), volatile, {})
        if save:
            with open(save, "w", encoding="utf-8") as f:
                json.dump(answer, f, ensure_ascii=False, indent=2)
                f.write("\n")
        answers.append(answer)
    out = []
    diff(answers[0], answers[1], "", out)
    if out:
        print(f"{len(out)} difference(s) (left | right):")
        print("\n".join(out))
        return 1
    print("the same")
    return 0


if __name__ == "__main__":
    sys.exit(main())
