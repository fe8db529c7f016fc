//! Names the BRP API derives: `voorletters`, `volledigeNaam`, and the
//! ready-made forms of address of `adressering` (`aanhef`, `aanschrijfwijze`,
//! `gebruikInLopendeTekst`). They follow the BrpProxy's rules (RvIG's rule
//! numbers in its mappers): aanduiding naamgebruik E/P/V/N combines the own
//! and the partner's name; adellijke titels and predicaten change the form
//! of address; a woman using the name of a titled husband gets his
//! hoffelijkheidstitel.

/// What the rules need of a person's (or partner's) name.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Naam<'a> {
    pub(crate) voornamen: &'a str,
    pub(crate) voorvoegsel: &'a str,
    pub(crate) geslachtsnaam: &'a str,
    /// Code of the adellijke titel or predicaat (`B`, `JV`, …).
    pub(crate) titel: Option<&'a str>,
    /// Code of the aanduiding naamgebruik (`E`, `P`, `V`, `N`).
    pub(crate) naamgebruik: Option<&'a str>,
    /// Code of the geslacht (`M`, `V`, `O`).
    pub(crate) geslacht: Option<&'a str>,
}

/// The partner whose name the person may use: the oldest current partner
/// or, when there is none, the most recently dissolved one.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Partner<'a> {
    pub(crate) naam: Naam<'a>,
    /// The marriage or partnership was dissolved.
    pub(crate) ontbonden: bool,
}

const ADELLIJKE_TITELS: [&str; 11] = ["B", "BS", "G", "GI", "H", "HI", "M", "MI", "P", "PS", "R"];
const PREDICATEN: [&str; 2] = ["JH", "JV"];

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn compact(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// The voorletters of voornamen: the first letter of every name with a dot;
/// a name of one letter stays without a dot.
pub(crate) fn voorletters(voornamen: &str) -> String {
    if voornamen.trim().is_empty() || voornamen == "." {
        return voornamen.to_string();
    }
    let mut out = String::new();
    for naam in voornamen.split(' ') {
        if naam.trim().chars().count() > 1 {
            out.extend(naam.chars().next());
            out.push('.');
        } else {
            out.push_str(naam);
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// The word of a titel or predicaat for someone of `geslacht`; `None` when
/// it has none for that geslacht (a ridder is a man, `O` has none).
fn titel_woord(code: &str, geslacht: Option<&str>) -> Option<&'static str> {
    let (man, vrouw) = match code {
        "B" | "BS" => ("baron", Some("barones")),
        "G" | "GI" => ("graaf", Some("gravin")),
        "H" | "HI" => ("hertog", Some("hertogin")),
        "JH" | "JV" => ("jonkheer", Some("jonkvrouw")),
        "M" | "MI" => ("markies", Some("markiezin")),
        "P" | "PS" => ("prins", Some("prinses")),
        "R" => ("ridder", None),
        _ => return None,
    };
    match geslacht {
        Some("M") => Some(man),
        Some("V") => vrouw,
        _ => None,
    }
}

/// The predikaat of address belonging to a titel (`hoogwelgeboren heer`, …).
/// `ridder_vrouw`: the aanhef knows one for a female ridder, the
/// aanschrijfwijze does not.
fn predikaat(code: &str, geslacht: Option<&str>, ridder_vrouw: bool) -> Option<&'static str> {
    match (code, geslacht) {
        ("P" | "PS", Some("M" | "V" | "O")) => Some("hoogheid"),
        ("G" | "GI", Some("M")) => Some("hooggeboren heer"),
        ("G" | "GI", Some("V")) => Some("hooggeboren vrouwe"),
        ("R", Some("V")) if ridder_vrouw => Some("hoogwelgeboren vrouwe"),
        ("R", Some("M")) => Some("hoogwelgeboren heer"),
        ("B" | "BS" | "H" | "HI" | "JH" | "JV" | "M" | "MI", Some("M")) => {
            Some("hoogwelgeboren heer")
        }
        ("B" | "BS" | "H" | "HI" | "JH" | "JV" | "M" | "MI", Some("V")) => {
            Some("hoogwelgeboren vrouwe")
        }
        _ => None,
    }
}

/// The aanhef a woman gets from her husband's title (hoffelijkheidstitel).
fn hoffelijkheidstitel(code: &str) -> Option<&'static str> {
    match code {
        "B" | "H" | "M" => Some("Hoogwelgeboren vrouwe"),
        "G" => Some("Hooggeboren vrouwe"),
        "P" => Some("Hoogheid"),
        _ => None,
    }
}

impl<'a> Naam<'a> {
    /// Voorvoegsel and geslachtsnaam; empty when the geslachtsnaam is
    /// unknown (".").
    pub(crate) fn achternaam(&self) -> String {
        if self.leeg() {
            String::new()
        } else {
            compact(&format!("{} {}", self.voorvoegsel, self.geslachtsnaam))
        }
    }

    fn leeg(&self) -> bool {
        self.geslachtsnaam.trim().is_empty() || self.geslachtsnaam == "."
    }

    /// Predicaat, voornamen, adellijke titel, voorvoegsel and geslachtsnaam.
    pub(crate) fn volledige_naam(&self) -> String {
        let code = self.titel.unwrap_or("");
        let (predicaat, titel) = if PREDICATEN.contains(&code) {
            (self.titel_woord_los(code), "")
        } else {
            ("", self.titel_woord_los(code))
        };
        compact(&format!(
            "{predicaat} {} {titel} {} {}",
            self.voornamen, self.voorvoegsel, self.geslachtsnaam
        ))
    }

    /// The titel word for the volledige naam: as for a man unless the
    /// person is a woman (unknown geslacht keeps the recorded form).
    fn titel_woord_los(&self, code: &str) -> &'static str {
        let geslacht = match self.geslacht {
            Some("V") => Some("V"),
            Some("M") => Some("M"),
            _ if code.ends_with('S') || code.ends_with('I') || code == "JV" => Some("V"),
            _ => Some("M"),
        };
        titel_woord(code, geslacht).unwrap_or("")
    }

    fn voorletters(&self) -> String {
        voorletters(self.voornamen)
    }

    fn heeft_titel_of_predicaat(&self) -> bool {
        self.titel.is_some()
    }

    fn heeft_predicaat(&self) -> bool {
        self.titel.is_some_and(|t| PREDICATEN.contains(&t))
    }

    fn is_vrouw(&self) -> bool {
        self.geslacht == Some("V")
    }

    fn gebruikt_naam_van_partner(&self) -> bool {
        self.naamgebruik != Some("E")
    }

    fn partner_naamgebruik(&self) -> bool {
        self.naamgebruik == Some("P")
    }

    /// The one switch on the aanduiding naamgebruik: the own name and the
    /// partner's (`None` when the partner has no achternaam) joined as E
    /// (the own), P (the partner's), V (partner-own) or N (own-partner) say;
    /// without the partner's name, the own. `None` for no or another code.
    fn naar_naamgebruik(&self, eigen: &str, partner: Option<&str>) -> Option<String> {
        let Some(partner) = partner else {
            return Some(eigen.to_string());
        };
        match self.naamgebruik? {
            "E" => Some(eigen.to_string()),
            "P" => Some(partner.to_string()),
            "V" => Some(format!("{partner}-{eigen}")),
            "N" => Some(format!("{eigen}-{partner}")),
            _ => None,
        }
    }

    /// The geslachtsnaam part by aanduiding naamgebruik; the own without a
    /// code.
    fn samengesteld(&self, eigen: &str, partner: &str) -> String {
        let partner = (!partner.is_empty()).then_some(partner);
        self.naar_naamgebruik(eigen, partner)
            .unwrap_or_else(|| eigen.to_string())
    }

    /// "heer X", "mevrouw X" or "R.M. x" around a composed name.
    fn met_geslacht(&self, heer: &str, mevrouw: &str, naam: &str) -> Option<String> {
        let vl = self.voorletters();
        let s = match self.geslacht {
            Some("M") => format!("{heer} {}", capitalize(naam)),
            Some("V") => format!("{mevrouw} {}", capitalize(naam)),
            Some("O") if !vl.trim().is_empty() => {
                format!("{heer_o}{vl} {naam}", heer_o = o_prefix(heer))
            }
            Some("O") => format!("{}{}", o_prefix(heer), capitalize(naam)),
            _ => String::new(),
        };
        non_empty(compact(&s))
    }
}

/// For geslacht O the aanhef keeps "Geachte" and the running text nothing.
fn o_prefix(heer: &str) -> &'static str {
    if heer.starts_with("Geachte") {
        "Geachte "
    } else {
        ""
    }
}

impl Partner<'_> {
    fn titel(&self) -> Option<&str> {
        // Only a current partner lends a title.
        if self.ontbonden {
            None
        } else {
            self.naam.titel
        }
    }

    fn heeft_adellijke_titel(&self) -> bool {
        self.titel().is_some_and(|t| ADELLIJKE_TITELS.contains(&t))
    }

    fn hoffelijkheidstitel(&self) -> Option<&'static str> {
        self.titel().and_then(hoffelijkheidstitel)
    }
}

fn partner_achternaam(partner: Option<&Partner>) -> String {
    partner.map(|p| p.naam.achternaam()).unwrap_or_default()
}

fn adellijk(partner: Option<&Partner>) -> bool {
    partner.is_some_and(Partner::heeft_adellijke_titel)
}

fn hoffelijk(partner: Option<&Partner>) -> Option<&'static str> {
    partner.and_then(Partner::hoffelijkheidstitel)
}

/// A missing partner counts as current (as in the BrpProxy).
fn actueel(partner: Option<&Partner>) -> bool {
    !partner.is_some_and(|p| p.ontbonden)
}

fn ex(partner: Option<&Partner>) -> bool {
    partner.is_some_and(|p| p.ontbonden)
}

/// Picks the partner whose name counts, from (partner, aangaan, ontbinding)
/// dates in `yyyymmdd`: the oldest current one, else the last dissolved one.
pub(crate) fn actuele_partner<'a>(partners: &[(Partner<'a>, &str, &str)]) -> Option<Partner<'a>> {
    let huidig = partners
        .iter()
        .filter(|(p, _, _)| !p.ontbonden)
        .min_by(|a, b| a.1.cmp(b.1));
    let ontbonden = partners
        .iter()
        .filter(|(p, _, _)| p.ontbonden)
        .max_by(|a, b| a.2.cmp(b.2));
    huidig.or(ontbonden).map(|(p, _, _)| *p)
}

/// Rule 210–213, 423, 550, 786: the aanhef of a letter.
pub(crate) fn aanhef(p: &Naam, partner: Option<&Partner>) -> Option<String> {
    if !p.heeft_titel_of_predicaat()
        && adellijk(partner)
        && p.is_vrouw()
        && p.gebruikt_naam_van_partner()
    {
        return match hoffelijk(partner) {
            Some(t) => Some(t.to_string()),
            None => aanhef_zonder_titel(p, partner),
        };
    }
    let Some(code) = p.titel else {
        return aanhef_zonder_titel(p, partner);
    };
    let eigen = predikaat(code, p.geslacht, true);
    if p.leeg()
        && !p.partner_naamgebruik()
        && (p.heeft_predicaat() || eigen.is_none())
        && hoffelijkheidstitel(code).is_none()
    {
        return None;
    }
    if adellijk(partner)
        && p.is_vrouw()
        && partner.is_some_and(|x| x.naam.geslacht == Some("M"))
        && p.gebruikt_naam_van_partner()
    {
        if let Some(t) = hoffelijk(partner) {
            return Some(t.to_string());
        }
    }
    if zonder_eigen_titel(p, partner) {
        return aanhef_zonder_titel(p, partner);
    }
    match eigen {
        Some(vorm) => Some(capitalize(vorm)),
        None => aanhef_zonder_titel(p, partner),
    }
}

/// Rules 211–213: a titled person whose form of address leaves the own
/// title out (uses the partner's name, or a woman with a predicaat).
fn zonder_eigen_titel(p: &Naam, partner: Option<&Partner>) -> bool {
    (partner.is_some() && p.partner_naamgebruik())
        || (p.heeft_predicaat() && p.is_vrouw() && actueel(partner))
        || (p.heeft_predicaat() && p.is_vrouw() && ex(partner) && p.gebruikt_naam_van_partner())
}

fn aanhef_zonder_titel(p: &Naam, partner: Option<&Partner>) -> Option<String> {
    if p.leeg() && !p.partner_naamgebruik() {
        return None;
    }
    let naam = p.samengesteld(&p.achternaam(), &partner_achternaam(partner));
    p.met_geslacht("Geachte heer", "Geachte mevrouw", &naam)
}

/// The aanschrijfwijze: the name on an envelope, with the aanspreekvorm
/// line for titled persons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Aanschrijfwijze {
    pub(crate) naam: Option<String>,
    pub(crate) aanspreekvorm: Option<String>,
}

fn aanspreekvorm(code: &str, geslacht: Option<&str>) -> Option<String> {
    predikaat(code, geslacht, false).map(|v| format!("De {v}"))
}

/// Removes redundant spaces, also after a hyphen.
fn opgeschoond(s: &str) -> String {
    compact(s).replace("- ", "-")
}

pub(crate) fn aanschrijfwijze(p: &Naam, partner: Option<&Partner>) -> Option<Aanschrijfwijze> {
    if !p.heeft_titel_of_predicaat()
        && adellijk(partner)
        && p.is_vrouw()
        && p.gebruikt_naam_van_partner()
    {
        return match (hoffelijk(partner), partner) {
            (Some(_), Some(x)) => Some(aanschrijfwijze_hoffelijk(p, x)),
            _ => aanschrijfwijze_zonder_titel(p, partner),
        };
    }
    let Some(code) = p.titel else {
        return aanschrijfwijze_zonder_titel(p, partner);
    };
    if partner.is_some_and(|x| x.titel().is_some()) && p.is_vrouw() && p.gebruikt_naam_van_partner()
    {
        return match (hoffelijk(partner), partner) {
            (Some(_), Some(x)) => Some(aanschrijfwijze_hoffelijk(p, x)),
            _ => Some(Aanschrijfwijze {
                naam: naam_met_titel(p, partner, false),
                aanspreekvorm: aanspreekvorm(code, p.geslacht),
            }),
        };
    }
    if zonder_eigen_titel(p, partner) {
        return aanschrijfwijze_zonder_titel(p, partner);
    }
    let naam = if PREDICATEN.contains(&code) {
        naam_met_predicaat(p, partner)
    } else {
        naam_met_titel(p, partner, true)
    };
    Some(Aanschrijfwijze {
        naam,
        aanspreekvorm: aanspreekvorm(code, p.geslacht),
    })
}

fn aanschrijfwijze_zonder_titel(p: &Naam, partner: Option<&Partner>) -> Option<Aanschrijfwijze> {
    if p.leeg() && !p.partner_naamgebruik() {
        return None;
    }
    let pa = partner_achternaam(partner);
    let naam = p.samengesteld(&p.achternaam(), &pa);
    let s = format!("{} {naam}", p.voorletters());
    Some(Aanschrijfwijze {
        naam: non_empty(capitalize(&opgeschoond(&s))),
        aanspreekvorm: None,
    })
}

/// The titel word of `code` for the person's geslacht, or "".
fn woord(code: Option<&str>, geslacht: Option<&str>) -> &'static str {
    code.and_then(|c| titel_woord(c, geslacht)).unwrap_or("")
}

fn aanschrijfwijze_hoffelijk(p: &Naam, partner: &Partner) -> Aanschrijfwijze {
    let pa = partner.naam.achternaam();
    let titel_partner = woord(partner.titel(), p.geslacht);
    let partner_naam = (!pa.is_empty()).then(|| format!("{titel_partner} {pa}"));
    let eigen = format!("{} {}", woord(p.titel, p.geslacht), p.achternaam());
    // Only for a woman using her partner's name: never E here.
    let s = p
        .naar_naamgebruik(&eigen, partner_naam.as_deref())
        .map(|naam| format!("{} {naam}", p.voorletters()))
        .unwrap_or_default();
    Aanschrijfwijze {
        naam: non_empty(opgeschoond(&s)),
        aanspreekvorm: if pa.is_empty() {
            None
        } else {
            partner.titel().and_then(|c| aanspreekvorm(c, p.geslacht))
        },
    }
}

fn naam_met_titel(p: &Naam, partner: Option<&Partner>, met_titel_partner: bool) -> Option<String> {
    let pa = partner_achternaam(partner);
    let titel_partner = if met_titel_partner {
        woord(partner.and_then(Partner::titel), p.geslacht)
    } else {
        ""
    };
    let partner_naam = (!pa.is_empty()).then(|| format!("{titel_partner} {pa}"));
    let eigen = format!("{} {}", woord(p.titel, p.geslacht), p.achternaam());
    // A titled name under the partner's alone (P) has no form here: the
    // BrpProxy gives none.
    if partner_naam.is_some() && p.partner_naamgebruik() {
        return None;
    }
    let s = p
        .naar_naamgebruik(&eigen, partner_naam.as_deref())
        .map(|naam| format!("{} {naam}", p.voorletters()))
        .unwrap_or_default();
    non_empty(opgeschoond(&s))
}

fn naam_met_predicaat(p: &Naam, partner: Option<&Partner>) -> Option<String> {
    let pa = partner_achternaam(partner);
    let titel = woord(p.titel, p.geslacht);
    // Never P with a partner's name here: that goes without the own title.
    let s = p
        .naar_naamgebruik(&p.achternaam(), (!pa.is_empty()).then_some(pa.as_str()))
        .map(|naam| format!("{titel} {} {naam}", p.voorletters()))
        .unwrap_or_default();
    non_empty(capitalize(&opgeschoond(&s)))
}

/// The name to use in running text ("de heer Van Puffelen").
pub(crate) fn gebruik_in_lopende_tekst(p: &Naam, partner: Option<&Partner>) -> Option<String> {
    if !p.heeft_titel_of_predicaat()
        && adellijk(partner)
        && p.is_vrouw()
        && p.gebruikt_naam_van_partner()
    {
        return match partner {
            Some(x) if hoffelijk(partner).is_some() => tekst_hoffelijk(p, x),
            _ => tekst_zonder_titel(p, partner),
        };
    }
    let Some(code) = p.titel else {
        return tekst_zonder_titel(p, partner);
    };
    if let Some(x) = partner {
        if adellijk(partner)
            && p.is_vrouw()
            && x.naam.geslacht == Some("M")
            && p.gebruikt_naam_van_partner()
            && hoffelijk(partner).is_some()
        {
            return tekst_uit_hoffelijkheidstitel(p, x);
        }
    }
    if zonder_eigen_titel(p, partner) {
        return tekst_zonder_titel(p, partner);
    }
    if titel_woord(code, p.geslacht).is_some() {
        tekst_met_titel(p, partner)
    } else {
        tekst_zonder_titel(p, partner)
    }
}

fn tekst_zonder_titel(p: &Naam, partner: Option<&Partner>) -> Option<String> {
    if p.leeg() && !p.partner_naamgebruik() {
        return None;
    }
    let naam = p.samengesteld(&p.achternaam(), &partner_achternaam(partner));
    p.met_geslacht("de heer", "mevrouw", &naam)
}

/// "de heer"/"mevrouw" only when the name does not start with the title.
fn tekst_met_voorzet(p: &Naam, naam: &str, titels: &[&str]) -> Option<String> {
    let begint_met_titel = titels.iter().any(|t| naam.starts_with(t));
    let vl = p.voorletters();
    let s = match p.geslacht {
        Some("M") if !begint_met_titel => format!("de heer {}", capitalize(naam)),
        Some("V") if !begint_met_titel => format!("mevrouw {}", capitalize(naam)),
        Some("M" | "V") => naam.to_string(),
        Some("O") if !vl.trim().is_empty() => format!("{vl} {naam}"),
        Some("O") => capitalize(naam),
        _ => String::new(),
    };
    non_empty(compact(&s))
}

fn tekst_hoffelijk(p: &Naam, partner: &Partner) -> Option<String> {
    let titel = woord(partner.titel(), p.geslacht);
    let (eigen, pa) = (p.achternaam(), partner.naam.achternaam());
    // The own name takes the partner's title when it stands alone (only for
    // a woman using her partner's name: never E here).
    let met_titel = format!("{titel} {eigen}");
    let naam = if pa.is_empty() {
        met_titel
    } else {
        p.naar_naamgebruik(&eigen, Some(&format!("{titel} {pa}")))
            .unwrap_or(met_titel)
    };
    tekst_met_voorzet(p, &naam, &[titel])
}

fn tekst_met_titel(p: &Naam, partner: Option<&Partner>) -> Option<String> {
    let titel = woord(p.titel, p.geslacht);
    let naam = p.samengesteld(
        &format!("{titel} {}", p.achternaam()),
        &partner_achternaam(partner),
    );
    tekst_met_voorzet(p, &naam, &[titel])
}

fn tekst_uit_hoffelijkheidstitel(p: &Naam, partner: &Partner) -> Option<String> {
    let eigen_titel = woord(p.titel, p.geslacht);
    let partner_titel = woord(partner.titel(), p.geslacht);
    let eigen = format!("{eigen_titel} {}", p.achternaam());
    let pa = format!("{partner_titel} {}", partner.naam.achternaam());
    // Only for a woman using her partner's name: never E here.
    let naam = p.naar_naamgebruik(&eigen, Some(&pa)).unwrap_or_default();
    if p.geslacht != Some("V") {
        return None;
    }
    tekst_met_voorzet(p, &naam, &[eigen_titel, partner_titel])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naam<'a>(vn: &'a str, vv: &'a str, gn: &'a str, g: &'a str, ng: &'a str) -> Naam<'a> {
        Naam {
            voornamen: vn,
            voorvoegsel: vv,
            geslachtsnaam: gn,
            titel: None,
            naamgebruik: Some(ng),
            geslacht: Some(g),
        }
    }

    #[test]
    fn voorletters_take_the_first_letter_of_each_name() {
        assert_eq!(voorletters("Yvonne Johanna"), "Y.J.");
        assert_eq!(voorletters("Theodoor-Christiaan R. Philip "), "T.R.P.");
        assert_eq!(voorletters("A"), "A");
        assert_eq!(voorletters("."), ".");
    }

    #[test]
    fn aanhef_follows_the_feature_examples() {
        let jo = naam("Jo Rene", "", "Groenen", "M", "E");
        assert_eq!(aanhef(&jo, None).as_deref(), Some("Geachte heer Groenen"));
        let robin = naam("Robin Melle", "van", "Puffelen", "O", "E");
        assert_eq!(
            aanhef(&robin, None).as_deref(),
            Some("Geachte R.M. van Puffelen")
        );
        let jan = Partner {
            naam: naam("Jan", "van", "Velzen", "M", "E"),
            ontbonden: false,
        };
        for (ng, verwacht) in [
            ("E", "Geachte mevrouw In het Veld"),
            ("P", "Geachte mevrouw Van Velzen"),
            ("V", "Geachte mevrouw Van Velzen-in het Veld"),
            ("N", "Geachte mevrouw In het Veld-van Velzen"),
        ] {
            let joan = naam("Joan", "in het", "Veld", "V", ng);
            assert_eq!(aanhef(&joan, Some(&jan)).as_deref(), Some(verwacht), "{ng}");
        }
    }

    #[test]
    fn titled_persons_are_addressed_by_their_title() {
        let mut graaf = naam("Theodoor", "van der", "Ven", "M", "E");
        graaf.titel = Some("G");
        assert_eq!(aanhef(&graaf, None).as_deref(), Some("Hooggeboren heer"));
        assert_eq!(
            aanschrijfwijze(&graaf, None),
            Some(Aanschrijfwijze {
                naam: Some("T. graaf van der Ven".into()),
                aanspreekvorm: Some("De hooggeboren heer".into()),
            })
        );
        assert_eq!(
            gebruik_in_lopende_tekst(&graaf, None).as_deref(),
            Some("graaf van der Ven")
        );
        assert_eq!(graaf.volledige_naam(), "Theodoor graaf van der Ven");
    }

    #[test]
    fn plain_names_in_running_text_and_on_envelopes() {
        let s = naam("Suzanne", "", "Moulin", "V", "E");
        assert_eq!(
            gebruik_in_lopende_tekst(&s, None).as_deref(),
            Some("mevrouw Moulin")
        );
        assert_eq!(
            aanschrijfwijze(&s, None).and_then(|a| a.naam).as_deref(),
            Some("S. Moulin")
        );
    }
}
