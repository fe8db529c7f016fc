//! The content of the sandbox's standard tables. Sources: the `KANAAL` table
//! that Open Klant ships for its Referentielijsten integration
//! (`specs/referentielijsten-fixture-kanaal-openklant.json`: same codes and
//! validity windows, Dutch names) with the channels a KCC uses on top, and
//! the VNG voorbeeldvulling (`specs/klantinteracties-voorbeeldvulling-referentielijsten.json`)
//! for `TAAL` and the small tables. Rows are `(code, naam, begin, einde)`
//! with dates as `YYYY-MM-DDTHH:MM:SSZ` or `""` for none.

/// A row of a table before parsing.
pub(crate) type Row = (&'static str, &'static str, &'static str, &'static str);

/// Communication channels; `Klantcontact.kanaal` holds these codes.
pub(crate) const KANAAL: &[Row] = &[
    ("email", "E-mail", "2025-10-25T15:09:23Z", ""),
    (
        "phone",
        "Telefoon",
        "2025-10-25T15:09:07Z",
        "2029-10-25T15:09:08Z",
    ),
    (
        "future_email",
        "E-mail (nieuw platform)",
        "2050-01-01T16:05:29Z",
        "",
    ),
    (
        "expired_phone",
        "Telefoon (oude centrale)",
        "2020-01-01T16:06:12Z",
        "2023-01-01T16:06:32Z",
    ),
    ("no_begin_future_eind", "Sms", "", "2050-01-01T14:27:10Z"),
    ("no_dates", "Overig", "", ""),
    ("balie", "Balie", "", ""),
    ("post", "Post", "", ""),
    ("webformulier", "Webformulier", "2019-03-01T00:00:00Z", ""),
    ("chat", "Chat", "2020-09-01T00:00:00Z", ""),
    ("whatsapp", "WhatsApp", "2022-01-01T00:00:00Z", ""),
    ("sociale_media", "Sociale media", "2021-06-01T00:00:00Z", ""),
    ("fax", "Fax", "", "2021-01-01T00:00:00Z"),
];

/// Languages (ISO 639-2, the terminology codes as in the voorbeeldvulling,
/// so Dutch is `nld`); `Klantcontact.taal` and `Partij.voorkeurstaal`.
pub(crate) const TAAL: &[Row] = &[
    ("ara", "Arabisch", "", ""),
    ("aze", "Azerbeidzjaans", "", ""),
    ("bel", "Belarussisch", "", ""),
    ("ber", "Berber", "", ""),
    ("bos", "Bosnisch", "", ""),
    ("bul", "Bulgaars", "", ""),
    ("ces", "Tsjechisch", "", ""),
    ("cnr", "Montenegrijns", "", ""),
    ("dan", "Deens", "", ""),
    ("deu", "Duits", "", ""),
    ("ell", "Grieks", "", ""),
    ("eng", "Engels", "", ""),
    ("est", "Estisch", "", ""),
    ("fas", "Perzisch", "", ""),
    ("fin", "Fins", "", ""),
    ("fra", "Frans", "", ""),
    ("fry", "Fries", "", ""),
    ("gle", "Iers", "", ""),
    ("hin", "Hindi", "", ""),
    ("hrv", "Kroatisch", "", ""),
    ("hun", "Hongaars", "", ""),
    ("hye", "Armeens", "", ""),
    ("isl", "IJslands", "", ""),
    ("ita", "Italiaans", "", ""),
    ("jav", "Javaans", "", ""),
    ("lav", "Lets", "", ""),
    ("lim", "Limburgs", "", ""),
    ("lit", "Litouws", "", ""),
    ("kat", "Georgisch", "", ""),
    ("kur", "Koerdisch", "", ""),
    ("mlt", "Maltees", "", ""),
    ("mkd", "Macedonisch", "", ""),
    ("nds", "Nedersaksisch", "", ""),
    ("nld", "Nederlands", "", ""),
    ("nor", "Noors", "", ""),
    ("pap", "Papiaments", "", ""),
    ("pol", "Pools", "", ""),
    ("por", "Portugees", "", ""),
    ("rom", "Romani", "", ""),
    ("ron", "Roemeens", "", ""),
    ("rus", "Russisch", "", ""),
    ("sgn", "Gebarentaal", "", ""),
    ("slk", "Slowaaks", "", ""),
    ("slv", "Sloveens", "", ""),
    ("som", "Somalisch", "", ""),
    ("spa", "Spaans", "", ""),
    ("srn", "Sranan", "", ""),
    ("srp", "Servisch", "", ""),
    ("sqi", "Albanees", "", ""),
    ("swe", "Zweeds", "", ""),
    ("tur", "Turks", "", ""),
    ("ukr", "Oekraïens", "", ""),
    ("yue", "Kantonees", "", ""),
    ("yid", "Jiddisch", "", ""),
    ("zho", "Mandarijn", "", ""),
    ("amh", "Amhaars", "", ""),
    ("ben", "Bengaals", "", ""),
    ("cat", "Catalaans", "", ""),
    ("eus", "Baskisch", "", ""),
    ("heb", "Hebreeuws", "", ""),
    ("ind", "Indonesisch", "", ""),
    ("jpn", "Japans", "", ""),
    ("kor", "Koreaans", "", ""),
    ("ltz", "Luxemburgs", "", ""),
    ("pan", "Punjabi", "", ""),
    ("prs", "Dari", "", ""),
    ("pus", "Pasjtoe", "", ""),
    ("swa", "Swahili", "", ""),
    ("tam", "Tamil", "", ""),
    ("tgl", "Tagalog", "", ""),
    ("tha", "Thai", "", ""),
    ("tir", "Tigrinya", "", ""),
    ("urd", "Urdu", "", ""),
    ("vie", "Vietnamees", "", ""),
    ("scr", "Servo-Kroatisch", "", "2008-06-28T00:00:00Z"),
    (
        "zgh",
        "Standaard Marokkaans Tamazight",
        "2027-01-01T00:00:00Z",
        "",
    ),
];

/// Kinds of digital address (voorbeeldvulling "Soort digitaal adres").
pub(crate) const SOORT_DIGITAAL_ADRES: &[Row] = &[
    ("1", "Telefoon", "", ""),
    ("2", "E-mail", "", ""),
    ("3", "Whatsapp", "", ""),
    ("4", "Facebook", "", ""),
    ("5", "Instagram", "", ""),
    ("6", "SMS", "", ""),
];

/// External registers (voorbeeldvulling "Extern register").
pub(crate) const EXTERN_REGISTER: &[Row] = &[
    ("1", "Basisregistratie Personen", "", ""),
    ("2", "Basisregistratie Kadaster", "", ""),
    ("3", "Basisregistratie Adressen en Gebouwen", "", ""),
    ("4", "Basisregistratie Waardering Onroerende Zaken", "", ""),
    ("5", "Handelsregister", "", ""),
    ("6", "Zakenregister", "", ""),
    ("7", "Documentenregister", "", ""),
    ("8", "Overige Objecten Registratie", "", ""),
];

/// Kinds of object (voorbeeldvulling "Soort object").
pub(crate) const SOORT_OBJECT: &[Row] = &[
    ("1", "Ingeschreven Natuurlijk Persoon", "", ""),
    ("2", "Ingeschreven Niet-Natuurlijk Persoon", "", ""),
    ("3", "Informatieobject", "", ""),
    ("4", "Vestiging", "", ""),
    ("5", "Onroerende zaak", "", ""),
    ("6", "Persoon", "", ""),
    ("7", "Nummeraanduiding", "", ""),
    ("8", "Pand", "", ""),
    ("9", "WOZObject", "", ""),
    ("10", "Bezwaar", "", ""),
    ("11", "Biljet", "", ""),
    ("12", "Zaak", "", ""),
];

/// Kinds of object identification (voorbeeldvulling "Soort object-ID").
pub(crate) const SOORT_OBJECTID: &[Row] = &[
    ("1", "Burgerservicenummer", "", ""),
    (
        "2",
        "Rechtspersonen en Samenwerkingsverbanden Identificatienummer",
        "",
        "",
    ),
    ("3", "Vestigingsnummer", "", ""),
    ("4", "Identificatie", "", ""),
    ("6", "Identificatie", "", ""),
    ("7", "Identificatie", "", ""),
    ("8", "Identificatie", "", ""),
    ("9", "WozObjectnummer", "", ""),
    ("10", "Identificatie", "", ""),
    ("11", "Identificatie", "", ""),
    ("12", "Zaakidentificatie", "", ""),
];

/// The channels of the retired Contactmomenten API: an expired table.
pub(crate) const COMMUNICATIEKANAAL: &[Row] = &[
    ("telefoon", "Telefoon", "", ""),
    ("email", "E-mail", "", ""),
    ("balie", "Balie", "", ""),
    ("post", "Post", "", ""),
    ("internet", "Internet", "", ""),
];
