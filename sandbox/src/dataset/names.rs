//! Names for generated people and organisations: common Dutch given names
//! and surnames (with their voorvoegsels split off, as the BRP and
//! Klantinteracties store them), and the names of the larger groups of Dutch
//! residents with roots abroad, so that search and display code meets
//! realistic variety (diacritics, voorvoegsels, `El`/`Ben` surnames).

/// A group of names that belong together.
pub(crate) struct Herkomst {
    pub(crate) mannen: &'static [&'static str],
    pub(crate) vrouwen: &'static [&'static str],
    /// `(voorvoegsel, geslachtsnaam)`.
    pub(crate) achternamen: &'static [(&'static str, &'static str)],
    /// The language such a resident most often prefers when not Dutch.
    pub(crate) taal: &'static str,
    /// Relative share among generated persons.
    pub(crate) gewicht: u32,
}

pub(crate) const NEDERLANDS: Herkomst = Herkomst {
    mannen: &[
        "Jan", "Pieter", "Kees", "Hendrik", "Willem", "Johannes", "Cornelis", "Gerrit", "Dirk",
        "Jacob", "Hans", "Peter", "Marco", "Erik", "Mark", "Jeroen", "Bas", "Sander", "Thijs",
        "Ruben", "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Jesse", "Thomas", "Tim",
        "Niels", "Rik", "Wouter", "Joost", "Maarten", "Frank", "Paul", "Rob", "Ton", "Henk",
        "Gert", "Anton", "Bram", "Lars", "Stijn", "Koen", "Gijs", "Teun", "Jelle", "Sietse",
        "Hylke", "Wytze", "Douwe", "Sjoerd", "Auke", "Tjeerd", "René", "André", "Michiel", "Arjen",
        "Vincent", "Dennis", "Patrick", "Martijn", "Roel", "Hugo", "Noah", "Julian",
    ],
    vrouwen: &[
        "Maria",
        "Anna",
        "Johanna",
        "Cornelia",
        "Wilhelmina",
        "Elisabeth",
        "Hendrika",
        "Geertje",
        "Annie",
        "Els",
        "Ria",
        "Ingrid",
        "Marieke",
        "Sanne",
        "Anouk",
        "Lotte",
        "Femke",
        "Eva",
        "Emma",
        "Julia",
        "Sophie",
        "Tess",
        "Mila",
        "Zoë",
        "Noor",
        "Lieke",
        "Fleur",
        "Iris",
        "Linda",
        "Petra",
        "Monique",
        "Sandra",
        "Mirjam",
        "Esther",
        "Karin",
        "Saskia",
        "Inge",
        "Marloes",
        "Janneke",
        "Anke",
        "Willemijn",
        "Roos",
        "Hanneke",
        "Sietske",
        "Froukje",
        "Tjitske",
        "Baukje",
        "Ymkje",
        "Griet",
        "Annemieke",
        "Chantal",
        "Daphne",
        "Nienke",
        "Evi",
        "Sara",
        "Yara",
        "Liv",
        "Nina",
        "Fenna",
        "Joke",
        "Truus",
        "Riet",
        "Marijke",
    ],
    achternamen: &[
        ("de", "Jong"),
        ("", "Jansen"),
        ("de", "Vries"),
        ("van den", "Berg"),
        ("van", "Dijk"),
        ("", "Bakker"),
        ("", "Janssen"),
        ("", "Visser"),
        ("", "Smit"),
        ("", "Meijer"),
        ("de", "Boer"),
        ("", "Mulder"),
        ("de", "Groot"),
        ("", "Bos"),
        ("", "Vos"),
        ("", "Peters"),
        ("", "Hendriks"),
        ("van", "Leeuwen"),
        ("", "Dekker"),
        ("", "Brouwer"),
        ("de", "Wit"),
        ("", "Dijkstra"),
        ("", "Smits"),
        ("de", "Graaf"),
        ("van der", "Meer"),
        ("van der", "Linden"),
        ("", "Kok"),
        ("", "Jacobs"),
        ("de", "Haan"),
        ("", "Vermeulen"),
        ("van den", "Heuvel"),
        ("van der", "Veen"),
        ("van den", "Broek"),
        ("de", "Bruijn"),
        ("de", "Bruin"),
        ("van der", "Heijden"),
        ("", "Schouten"),
        ("van", "Beek"),
        ("", "Willems"),
        ("van", "Vliet"),
        ("van de", "Ven"),
        ("", "Hoekstra"),
        ("", "Maas"),
        ("", "Verhoeven"),
        ("", "Koster"),
        ("van", "Dam"),
        ("van der", "Wal"),
        ("", "Prins"),
        ("", "Blom"),
        ("", "Huisman"),
        ("", "Peeters"),
        ("de", "Jonge"),
        ("", "Kuipers"),
        ("van", "Veen"),
        ("", "Post"),
        ("", "Kuiper"),
        ("", "Veenstra"),
        ("", "Kramer"),
        ("van den", "Brink"),
        ("", "Scholten"),
        ("van", "Wijk"),
        ("", "Postma"),
        ("", "Martens"),
        ("", "Vink"),
        ("de", "Ruiter"),
        ("", "Timmermans"),
        ("", "Groen"),
        ("", "Gerritsen"),
        ("", "Jonker"),
        ("van", "Loon"),
        ("", "Boersma"),
        ("van", "Dongen"),
        ("", "Willemsen"),
        ("de", "Lange"),
        ("", "Wouters"),
        ("", "Bosman"),
        ("van", "Os"),
        ("", "Sijtsma"),
        ("", "Zijlstra"),
        ("", "Wijnstra"),
        ("", "Terpstra"),
        ("", "Bouma"),
        ("", "Hofstra"),
        ("van der", "Zee"),
        ("ter", "Horst"),
        ("ten", "Have"),
        ("op den", "Kamp"),
        ("in 't", "Veld"),
        ("van 't", "Hof"),
        ("van", "Oostrum"),
        ("", "Oosterhuis"),
        ("", "Nijboer"),
        ("", "Hoogland"),
        ("", "Verbeek"),
        ("", "Claassen"),
        ("", "Mertens"),
        ("van", "Rijn"),
        ("", "Evers"),
        ("", "Koning"),
        ("", "Kuijpers"),
        ("van", "Doorn"),
        ("", "Wolters"),
        ("", "Lammers"),
    ],
    taal: "nld",
    gewicht: 78,
};

pub(crate) const TURKS: Herkomst = Herkomst {
    mannen: &[
        "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre",
        "Yusuf", "Burak", "Kerem", "Ömer", "Can",
    ],
    vrouwen: &[
        "Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Büşra", "Merve", "Esra", "Özlem",
        "Hülya", "Derya",
    ],
    achternamen: &[
        ("", "Yılmaz"),
        ("", "Kaya"),
        ("", "Demir"),
        ("", "Şahin"),
        ("", "Çelik"),
        ("", "Yıldız"),
        ("", "Öztürk"),
        ("", "Aydın"),
        ("", "Arslan"),
        ("", "Doğan"),
        ("", "Koç"),
        ("", "Kurt"),
        ("", "Aksoy"),
        ("", "Polat"),
    ],
    taal: "tur",
    gewicht: 6,
};

pub(crate) const MAROKKAANS: Herkomst = Herkomst {
    mannen: &[
        "Mohammed", "Ahmed", "Youssef", "Said", "Rachid", "Mustapha", "Karim", "Hamza", "Bilal",
        "Ayoub", "Anouar", "Soufiane", "Driss",
    ],
    vrouwen: &[
        "Fatima", "Khadija", "Naima", "Samira", "Malika", "Nadia", "Hanan", "Imane", "Salma",
        "Yasmina", "Soumaya", "Ikram",
    ],
    achternamen: &[
        ("", "El Amrani"),
        ("", "Bouzid"),
        ("", "El Idrissi"),
        ("", "Benali"),
        ("", "Ait Taleb"),
        ("", "El Khatib"),
        ("", "Boukhari"),
        ("", "Azzouzi"),
        ("", "Ouali"),
        ("", "El Haddaoui"),
        ("", "Ben Said"),
        ("", "Chaoui"),
        ("", "Tahiri"),
        ("", "Amrani"),
    ],
    taal: "ara",
    gewicht: 6,
};

pub(crate) const SURINAAMS_ANTILLIAANS: Herkomst = Herkomst {
    mannen: &[
        "Romano", "Giovanni", "Ricardo", "Sharon", "Rajesh", "Sunil", "Ravi", "Jurgen", "Clyde",
        "Marvin", "Jaïr", "Edson",
    ],
    vrouwen: &[
        "Shanti", "Priya", "Sharmila", "Ruth", "Gracia", "Shirley", "Melissa", "Naomi", "Rosita",
        "Jaïra", "Denise",
    ],
    achternamen: &[
        ("", "Ramdin"),
        ("", "Sewdien"),
        ("", "Baldewsingh"),
        ("", "Kartosen"),
        ("", "Pinas"),
        ("", "Sumter"),
        ("", "Martina"),
        ("", "Statia"),
        ("", "Ramsaran"),
        ("", "Soekhai"),
        ("", "Esajas"),
        ("", "Wijngaarde"),
    ],
    taal: "pap",
    gewicht: 4,
};

pub(crate) const POOLS: Herkomst = Herkomst {
    mannen: &[
        "Piotr",
        "Krzysztof",
        "Tomasz",
        "Paweł",
        "Marcin",
        "Michał",
        "Łukasz",
        "Jakub",
        "Adam",
        "Grzegorz",
    ],
    vrouwen: &[
        "Anna",
        "Katarzyna",
        "Magdalena",
        "Agnieszka",
        "Joanna",
        "Małgorzata",
        "Ewa",
        "Monika",
        "Aleksandra",
    ],
    achternamen: &[
        ("", "Nowak"),
        ("", "Kowalski"),
        ("", "Wiśniewski"),
        ("", "Wójcik"),
        ("", "Kowalczyk"),
        ("", "Kamiński"),
        ("", "Lewandowski"),
        ("", "Zieliński"),
        ("", "Szymański"),
        ("", "Woźniak"),
    ],
    taal: "pol",
    gewicht: 3,
};

pub(crate) const OVERIG: Herkomst = Herkomst {
    mannen: &[
        "Ahmad",
        "Omar",
        "Khaled",
        "Tesfay",
        "Yonas",
        "Abdi",
        "Dmytro",
        "Oleksandr",
        "Luca",
        "João",
        "Carlos",
        "Dimitri",
    ],
    vrouwen: &[
        "Amira", "Rania", "Lina", "Selam", "Helen", "Fardowsa", "Olena", "Iryna", "Giulia", "Ana",
        "Maria", "Elena",
    ],
    achternamen: &[
        ("", "Al-Hassan"),
        ("", "Haddad"),
        ("", "Tesfamariam"),
        ("", "Gebremedhin"),
        ("", "Mohamed Ali"),
        ("", "Shevchenko"),
        ("", "Kovalenko"),
        ("", "Rossi"),
        ("", "da Silva"),
        ("", "García"),
        ("", "Papadopoulos"),
        ("", "Ibrahim"),
    ],
    taal: "eng",
    gewicht: 3,
};

/// Every group, for a weighted draw.
pub(crate) const HERKOMSTEN: [&Herkomst; 6] = [
    &NEDERLANDS,
    &TURKS,
    &MAROKKAANS,
    &SURINAAMS_ANTILLIAANS,
    &POOLS,
    &OVERIG,
];

/// Given names that go second or third after a roepnaam, in a Dutch family.
pub(crate) const DOOPNAMEN_MAN: &[&str] = &[
    "Johannes",
    "Hendrikus",
    "Cornelis",
    "Petrus",
    "Wilhelmus",
    "Jacobus",
    "Bernardus",
    "Antonius",
    "Gerardus",
    "Theodorus",
    "Maria",
];
pub(crate) const DOOPNAMEN_VROUW: &[&str] = &[
    "Maria",
    "Johanna",
    "Wilhelmina",
    "Cornelia",
    "Elisabeth",
    "Hendrika",
    "Catharina",
    "Geertruida",
    "Petronella",
    "Theodora",
];

/// Organisation names are made of a name, a trade and a legal form.
pub(crate) const BRANCHES: &[&str] = &[
    "Bouwbedrijf",
    "Installatietechniek",
    "Schildersbedrijf",
    "Hoveniersbedrijf",
    "Bakkerij",
    "Slagerij",
    "Autobedrijf",
    "Transport",
    "Administratiekantoor",
    "Kapsalon",
    "Fysiotherapie",
    "Tandartspraktijk",
    "Makelaardij",
    "Dakdekkersbedrijf",
    "Loonbedrijf",
    "Timmerbedrijf",
    "Cafetaria",
    "Eetcafé",
    "Bloemenhandel",
    "Fietsenmaker",
    "Schoonmaakbedrijf",
    "ICT Diensten",
    "Adviesbureau",
    "Kinderopvang",
    "Zorgboerderij",
    "Melkveehouderij",
    "Elektrotechniek",
];

/// Names of foundations and associations (`Stichting …`, `Vereniging …`).
pub(crate) const MAATSCHAPPELIJK: &[&str] = &[
    "Buurthuis De Brug",
    "Voedselbank",
    "Sportclub Vitesse '22",
    "Muziekvereniging Crescendo",
    "Speeltuinvereniging De Vlinder",
    "Dorpsbelang",
    "Historische Vereniging",
    "Wijkraad Centrum",
    "Zwembad De Wetering",
    "Vluchtelingenwerk",
    "Scouting Sint Joris",
    "IJsclub De Hoop",
    "Volkstuinvereniging Ons Genoegen",
    "Toneelvereniging De Koekoek",
    "Korfbalvereniging Wit-Blauw",
];

/// Mail providers of Dutch households, weighted by how common they are.
pub(crate) const MAILDOMEINEN: &[(&str, u32)] = &[
    ("gmail.com", 30),
    ("hotmail.com", 18),
    ("outlook.com", 10),
    ("ziggo.nl", 10),
    ("kpnmail.nl", 8),
    ("live.nl", 6),
    ("icloud.com", 5),
    ("xs4all.nl", 3),
    ("planet.nl", 3),
    ("home.nl", 3),
    ("hetnet.nl", 2),
    ("upcmail.nl", 2),
];

/// Short notes a KCC keeps on a partij.
pub(crate) const NOTITIES: &[&str] = &[
    "Klant is slechthorend, rustig en duidelijk spreken.",
    "Voorkeur voor contact in de ochtend.",
    "Klant heeft een bewindvoerder; financiële vragen via de bewindvoerder.",
    "Klant wil liever geen post, alleen e-mail.",
    "Spreekt beperkt Nederlands; tolk via de tolkentelefoon.",
    "Let op: eerdere klacht over de afhandeling van een melding.",
];

/// An e-mail-safe form of a name part: lower case ASCII letters only.
pub(crate) fn mail_deel(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' | 'ı' | 'İ' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ş' | 'ś' => 's',
                'ğ' => 'g',
                'ł' => 'l',
                'ń' | 'ñ' => 'n',
                'ź' | 'ż' => 'z',
                'Ł' => 'l',
                'Ş' => 's',
                'Ö' => 'o',
                'Ç' => 'c',
                'Ü' => 'u',
                other => other,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_deel_folds_diacritics_and_drops_the_rest() {
        assert_eq!(mail_deel("Yılmaz"), "yilmaz");
        assert_eq!(mail_deel("El Amrani"), "elamrani");
        assert_eq!(mail_deel("Wiśniewski"), "wisniewski");
        assert_eq!(mail_deel("in 't Veld"), "intveld");
        assert_eq!(mail_deel("Zoë"), "zoe");
    }

    #[test]
    fn every_name_folds_to_something() {
        for h in HERKOMSTEN {
            for n in h.mannen.iter().chain(h.vrouwen) {
                assert!(!mail_deel(n).is_empty(), "{n}");
            }
            for (_, n) in h.achternamen {
                assert!(!mail_deel(n).is_empty(), "{n}");
            }
        }
    }
}
