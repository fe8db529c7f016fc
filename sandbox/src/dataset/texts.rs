//! What generated klantcontacten are about: the questions a municipal KCC
//! gets most, with the texts an employee would write down, the team that
//! handles the follow-up and the tasks that typically come of it; and the
//! teams, functions and applications that make up the actor pool.

/// A kind of question.
pub(crate) struct Onderwerp {
    pub(crate) onderwerp: &'static str,
    /// What the employee wrote down; one is picked per contact.
    pub(crate) inhoud: &'static [&'static str],
    /// Code of the team (see [`TEAMS`]) that handles follow-up tasks.
    pub(crate) team: &'static str,
    /// Requested actions for the interne taken that come of it.
    pub(crate) handelingen: &'static [&'static str],
    /// Whether such questions usually concern a zaak.
    pub(crate) zaak: bool,
    /// Whether the contact touches sensitive matters (care, debts, income).
    pub(crate) gevoelig: bool,
    /// Relative frequency.
    pub(crate) gewicht: u32,
}

const fn o(
    onderwerp: &'static str,
    inhoud: &'static [&'static str],
    team: &'static str,
    handelingen: &'static [&'static str],
    zaak: bool,
    gevoelig: bool,
    gewicht: u32,
) -> Onderwerp {
    Onderwerp {
        onderwerp,
        inhoud,
        team,
        handelingen,
        zaak,
        gevoelig,
        gewicht,
    }
}

pub(crate) const ONDERWERPEN: &[Onderwerp] = &[
    o("Afspraak paspoort of identiteitskaart", &[
        "Klant wil een nieuw paspoort aanvragen. Afspraak gemaakt en gewezen op pasfoto-eisen.",
        "Klant vraagt hoe lang een identiteitskaart geldig is en wat die kost. Informatie gegeven en afspraak ingepland.",
        "Klant is zijn identiteitskaart kwijt. Uitgelegd dat een verklaring van vermissing nodig is.",
    ], "BZ", &["Afspraak inplannen", "Terugbellen"], false, false, 14),
    o("Rijbewijs verlengen", &[
        "Klant wil zijn rijbewijs verlengen. Uitgelegd dat dit via de website kan met DigiD.",
        "Klant heeft een gezondheidsverklaring nodig voor verlenging. Verwezen naar het CBR.",
    ], "BZ", &["Afspraak inplannen"], false, false, 6),
    o("Verhuizing doorgeven", &[
        "Klant wil een verhuizing binnen de gemeente doorgeven. Uitgelegd hoe dit online kan.",
        "Klant verhuist naar de gemeente en vraagt welke stukken nodig zijn. Informatie gegeven.",
        "Adresonderzoek: post komt terug op het adres van klant. Klant gevraagd zijn adres te bevestigen.",
    ], "BZ", &["Adresonderzoek starten", "Terugbellen"], true, false, 9),
    o("Uittreksel BRP aanvragen", &[
        "Klant heeft een uittreksel uit de BRP nodig voor een huurwoning. Uitgelegd hoe dit online kan.",
        "Klant vraagt een internationaal uittreksel aan. Aanvraag in behandeling genomen.",
    ], "BZ", &["Brief versturen"], false, false, 5),
    o("Grofvuil laten ophalen", &[
        "Klant wil een bank en een kast laten ophalen. Ophaalafspraak gemaakt.",
        "Grofvuil is niet opgehaald op de afgesproken dag. Nieuwe afspraak gemaakt.",
    ], "AFV", &["Afspraak inplannen", "Melding doorzetten"], false, false, 10),
    o("Container niet geleegd", &[
        "De groene container in de straat van klant is niet geleegd. Melding doorgezet naar de inzameldienst.",
        "Klant meldt dat zijn container kapot is en vraagt om vervanging.",
    ], "AFV", &["Melding doorzetten", "Container omwisselen"], false, false, 8),
    o("Melding openbare ruimte", &[
        "Lantaarnpaal voor de woning van klant brandt al een week niet. Melding aangemaakt.",
        "Losliggende stoeptegels op de hoek van de straat. Struikelgevaar gemeld.",
        "Klant meldt zwerfafval en een overvolle afvalbak bij de speeltuin.",
        "Boom in de straat hangt over de rijbaan na de storm. Spoed gevraagd.",
    ], "OR", &["Melding doorzetten", "Terugkoppelen aan melder"], true, false, 12),
    o("Parkeervergunning aanvragen", &[
        "Klant vraagt een bewonersvergunning aan voor een nieuwe auto. Kenteken genoteerd.",
        "Klant wil een bezoekersvergunning. Uitgelegd hoe de app werkt.",
    ], "PRK", &["Vergunning verlenen", "Brief versturen"], true, false, 6),
    o("Vraag over aanslag gemeentelijke belastingen", &[
        "Klant vraagt waarom de aanslag hoger is dan vorig jaar. Uitgelegd dat de WOZ-waarde is gestegen.",
        "Klant wil de aanslag in termijnen betalen. Automatische incasso uitgelegd.",
        "Klant heeft twee aanslagen ontvangen voor hetzelfde jaar. Nagevraagd bij Belastingen.",
    ], "BEL", &["Informatie verstrekken", "Terugbellen"], false, false, 9),
    o("Bezwaar WOZ-beschikking", &[
        "Klant wil bezwaar maken tegen de WOZ-waarde van zijn woning. Uitgelegd hoe dat online kan.",
        "Klant vraagt naar de stand van zijn bezwaar tegen de WOZ-beschikking.",
    ], "BEL", &["Zaak aanmaken", "Taxatieverslag sturen"], true, false, 5),
    o("Kwijtschelding gemeentelijke belastingen", &[
        "Klant vraagt of hij in aanmerking komt voor kwijtschelding. Voorwaarden uitgelegd.",
        "Klant heeft kwijtschelding aangevraagd en wil weten wanneer hij bericht krijgt.",
    ], "BEL", &["Aanvraag beoordelen", "Brief versturen"], true, true, 4),
    o("Omgevingsvergunning", &[
        "Klant wil een dakkapel plaatsen en vraagt of een vergunning nodig is. Verwezen naar het Omgevingsloket.",
        "Klant vraagt naar de behandeltermijn van zijn aanvraag voor een uitbouw.",
        "Buurman van klant bouwt zonder vergunning, klant wil een handhavingsverzoek indienen.",
    ], "VTH", &["Vooroverleg inplannen", "Status zaak controleren", "Terugbellen"], true, false, 7),
    o("Aanvraag Wmo-voorziening", &[
        "Klant heeft moeite met traplopen en vraagt naar een traplift. Melding Wmo aangemaakt.",
        "Klant vraagt huishoudelijke hulp aan voor haar moeder. Keukentafelgesprek aangevraagd.",
        "Klant wil weten wanneer de scootmobiel wordt geleverd.",
    ], "WMO", &["Keukentafelgesprek inplannen", "Terugbellen", "Zaak aanmaken"], true, true, 6),
    o("Vraag over bijstandsuitkering", &[
        "Klant vraagt wanneer de uitkering wordt overgemaakt. Betaaldatum doorgegeven.",
        "Klant wil een wijziging in inkomsten doorgeven. Uitgelegd hoe dit via het formulier gaat.",
        "Klant heeft een brief over terugvordering ontvangen en begrijpt die niet.",
    ], "WI", &["Terugbellen", "Afspraak inplannen"], true, true, 6),
    o("Schuldhulpverlening", &[
        "Klant heeft betalingsachterstanden en vraagt om hulp. Aanmelding schuldhulpverlening gedaan.",
        "Klant vraagt naar de voortgang van zijn schuldregeling.",
    ], "SHV", &["Intakegesprek inplannen", "Terugbellen"], true, true, 3),
    o("Geboorteaangifte", &[
        "Ouders willen geboorteaangifte doen. Uitgelegd welke stukken mee moeten.",
    ], "BZ", &["Afspraak inplannen"], false, false, 2),
    o("Huwelijk of partnerschap", &[
        "Stel wil trouwen en vraagt naar de mogelijkheden en kosten. Informatie per e-mail toegestuurd.",
        "Klant wil een datum voor een gratis huwelijk vastleggen.",
    ], "BZ", &["Afspraak inplannen", "Informatie verstrekken"], true, false, 2),
    o("Klacht over afhandeling", &[
        "Klant is ontevreden over de afhandeling van een eerdere melding en wil een klacht indienen.",
        "Klant klaagt dat hij niet is teruggebeld zoals beloofd.",
    ], "KCC", &["Klacht registreren", "Terugbellen"], true, false, 3),
    o("Vraag over leerlingenvervoer", &[
        "Ouder vraagt leerlingenvervoer aan voor een kind in het speciaal onderwijs.",
    ], "WMO", &["Aanvraag beoordelen"], true, true, 2),
    o("Algemene vraag", &[
        "Klant vraagt naar de openingstijden van het gemeentehuis. Informatie gegeven.",
        "Klant zocht het telefoonnummer van de woningcorporatie. Doorverwezen.",
        "Klant vraagt wanneer de milieustraat open is.",
    ], "KCC", &["Informatie verstrekken"], false, false, 8),
];

/// Replies written down on some contacts.
pub(crate) const REACTIES: &[&str] = &[
    "Klant per e-mail geantwoord met de gevraagde informatie.",
    "Klant is teruggebeld en tevreden met de uitleg.",
    "Brief met uitleg verstuurd naar het correspondentieadres.",
    "Klant doorverbonden met de vakafdeling.",
];

/// A team in the organisation: `(code, naam, omschrijving, mailbox)`.
pub(crate) const TEAMS: &[(&str, &str, &str, &str)] = &[
    (
        "KCC",
        "Klantcontactcentrum",
        "Telefoon, balie, e-mail en chat",
        "kcc",
    ),
    (
        "BZ",
        "Burgerzaken",
        "Reisdocumenten, rijbewijzen, BRP en burgerlijke stand",
        "burgerzaken",
    ),
    (
        "AFV",
        "Afval en Reiniging",
        "Inzameling huishoudelijk afval en grofvuil",
        "afval",
    ),
    (
        "OR",
        "Beheer Openbare Ruimte",
        "Wegen, groen, verlichting en meldingen",
        "openbareruimte",
    ),
    (
        "PRK",
        "Parkeren",
        "Parkeervergunningen en parkeerbeheer",
        "parkeren",
    ),
    (
        "BEL",
        "Belastingen",
        "Gemeentelijke belastingen en WOZ",
        "belastingen",
    ),
    (
        "VTH",
        "Vergunningen, Toezicht en Handhaving",
        "Omgevingsvergunningen en handhaving",
        "vergunningen",
    ),
    (
        "WMO",
        "Wmo-loket",
        "Zorg, ondersteuning en hulpmiddelen",
        "wmo",
    ),
    (
        "WI",
        "Werk en Inkomen",
        "Bijstand, re-integratie en bijzondere bijstand",
        "werkeninkomen",
    ),
    (
        "SHV",
        "Schuldhulpverlening",
        "Hulp bij schulden en budgetbeheer",
        "schuldhulp",
    ),
];

/// The function a medewerker of a team has.
pub(crate) fn functie(team: &str) -> &'static str {
    match team {
        "KCC" => "KCC-medewerker",
        "BZ" => "Medewerker Burgerzaken",
        "AFV" => "Medewerker Afval",
        "OR" => "Medewerker Openbare Ruimte",
        "PRK" => "Medewerker Parkeren",
        "BEL" => "Medewerker Belastingen",
        "VTH" => "Vergunningverlener",
        "WMO" => "Wmo-consulent",
        "WI" => "Consulent Werk en Inkomen",
        "SHV" => "Schuldhulpverlener",
        _ => "Medewerker",
    }
}

/// Applications that act on their own: `(code, naam, functie, omschrijving)`.
pub(crate) const APPLICATIES: &[(&str, &str, &str, &str)] = &[
    (
        "open-formulieren",
        "Open Formulieren",
        "Formulierenplatform",
        "Registreert ingediende webformulieren",
    ),
    (
        "chatbot",
        "Chatbot Gem",
        "Virtuele assistent",
        "Beantwoordt eenvoudige vragen in de chat",
    ),
    (
        "zaaksysteem",
        "Zaaksysteem koppeling",
        "Zaakafhandeling",
        "Maakt taken aan bij statuswijzigingen van zaken",
    ),
    (
        "mijn-gemeente",
        "Mijn Gemeente",
        "Klantportaal",
        "Registreert berichten uit het klantportaal",
    ),
];
