//! The pool of actors that handle generated klantcontacten and interne
//! taken: medewerkers in teams (more of them for a larger data set), the
//! teams themselves as organisatorische eenheden, and the applications that
//! act on their own.

use std::collections::HashSet;

use rand::Rng;
use uuid::Uuid;

use super::super::{names, records, texts};
use super::Generator;

/// The mail domain of the municipality the sandbox plays.
pub(crate) const DOMEIN: &str = "gemeente-voorbeeld.nl";

/// Actor uuids by role.
#[derive(Debug, Default)]
pub(super) struct Pool {
    /// Medewerkers per team, indexed like [`texts::TEAMS`].
    per_team: Vec<Vec<Uuid>>,
    /// The teams, indexed like [`texts::TEAMS`].
    teams: Vec<Uuid>,
    /// The applications, indexed like [`texts::APPLICATIES`].
    applicaties: Vec<Uuid>,
}

impl Pool {
    /// Stores the actors; 12 medewerkers plus one per 2,500 partijen (at
    /// most 150), every team staffed, the KCC the largest.
    pub(crate) fn generate(g: &mut Generator<'_>, partijen: usize) -> Pool {
        let mut pool = Pool {
            per_team: vec![Vec::new(); texts::TEAMS.len()],
            ..Pool::default()
        };
        for (code, naam, omschrijving, mailbox) in texts::TEAMS {
            let uuid = g.uuid();
            let telefoon = g.intern_nummer();
            g.store.put_actor(records::organisatorische_eenheid(
                uuid,
                naam,
                code,
                omschrijving,
                &format!("{mailbox}@{DOMEIN}"),
                &telefoon,
            ));
            pool.teams.push(uuid);
        }
        for (code, naam, functie, omschrijving) in texts::APPLICATIES {
            let uuid = g.uuid();
            g.store.put_actor(records::geautomatiseerde_actor(
                uuid,
                naam,
                code,
                functie,
                omschrijving,
            ));
            pool.applicaties.push(uuid);
        }
        let aantal = (12 + partijen / 2_500).min(150);
        let mut adressen = HashSet::new();
        for i in 0..aantal {
            let team = if i < texts::TEAMS.len() {
                i
            } else if g.kans(0.45) {
                0
            } else {
                g.rng.gen_range(0..texts::TEAMS.len())
            };
            let uuid = g.medewerker(texts::TEAMS[team].0, &mut adressen);
            pool.per_team[team].push(uuid);
        }
        pool
    }
}

impl Generator<'_> {
    /// A direct line of the municipality's office.
    fn intern_nummer(&mut self) -> String {
        format!("051146{:04}", self.rng.gen_range(0..10_000))
    }

    /// Stores one medewerker of `team`; `adressen` keeps mail addresses unique.
    fn medewerker(&mut self, team: &str, adressen: &mut HashSet<String>) -> Uuid {
        let herkomst = self.herkomst();
        let voornaam = if self.kans(0.5) {
            *self.kies(herkomst.mannen)
        } else {
            *self.kies(herkomst.vrouwen)
        };
        let (vv, achternaam) = *self.kies(herkomst.achternamen);
        let naam = [voornaam, vv, achternaam]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let basis = format!(
            "{}.{}{}",
            names::mail_deel(voornaam),
            names::mail_deel(vv),
            names::mail_deel(achternaam)
        );
        let mut lokaal = basis.clone();
        let mut n = 1;
        while !adressen.insert(lokaal.clone()) {
            n += 1;
            lokaal = format!("{basis}{n}");
        }
        let uuid = self.uuid();
        let telefoon = self.intern_nummer();
        let mut actor = records::medewerker(
            uuid,
            &naam,
            texts::functie(team),
            &format!("{lokaal}@{DOMEIN}"),
            &telefoon,
        );
        // Some have left; their old contacts and tasks still name them.
        actor.indicatie_actief = !self.kans(0.05);
        self.store.put_actor(actor);
        uuid
    }

    fn team_index(team: &str) -> usize {
        texts::TEAMS.iter().position(|t| t.0 == team).unwrap_or(0)
    }

    /// A medewerker of a team, or the team itself when it has none.
    fn medewerker_van(&mut self, team: &str) -> Uuid {
        let i = Self::team_index(team);
        match self.pool.per_team.get(i).map(Vec::len).unwrap_or(0) {
            0 => self.pool.teams.get(i).copied().unwrap_or_default(),
            n => self.pool.per_team[i][self.rng.gen_range(0..n)],
        }
    }

    fn applicatie(&mut self, code: &str) -> Uuid {
        let i = texts::APPLICATIES
            .iter()
            .position(|a| a.0 == code)
            .unwrap_or(0);
        self.pool.applicaties.get(i).copied().unwrap_or_default()
    }

    /// Who handled a contact on a channel: the form platform registers web
    /// forms, the chatbot answers some chats, the KCC the rest.
    pub(super) fn behandelaar(&mut self, kanaal: &str) -> Uuid {
        match kanaal {
            "webformulier" => self.applicatie("open-formulieren"),
            "chat" if self.kans(0.3) => self.applicatie("chatbot"),
            "email" | "post" if self.kans(0.4) => {
                self.pool.teams.first().copied().unwrap_or_default()
            }
            _ => self.medewerker_van("KCC"),
        }
    }

    /// Who a task is assigned to: a medewerker of the team, the team, both,
    /// or (rarely) the case system.
    pub(super) fn toewijzing(&mut self, team: &str) -> Vec<Uuid> {
        let team_uuid = self
            .pool
            .teams
            .get(Self::team_index(team))
            .copied()
            .unwrap_or_default();
        match self.rng.gen_range(0..100) {
            0..=44 => vec![self.medewerker_van(team)],
            45..=84 => vec![team_uuid],
            85..=94 => {
                let m = self.medewerker_van(team);
                if m == team_uuid {
                    vec![team_uuid]
                } else {
                    vec![team_uuid, m]
                }
            }
            _ => vec![self.applicatie("zaaksysteem")],
        }
    }

    /// Another actor that took part in a contact: a medewerker of the team.
    pub(super) fn meekijker(&mut self, team: &str) -> Uuid {
        self.medewerker_van(team)
    }
}
