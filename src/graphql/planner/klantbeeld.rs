//! The plan for loading a partij's klantbeeld from Klantinteracties: which
//! calls to make, with which `expand`, chosen by the modelled critical path.
//!
//! The stages of a klantbeeld, each waiting for the one before:
//! 1. the partij (optionally expanding betrokkenen, their klantcontacten and
//!    its digitale adressen);
//! 2. in parallel, whatever stage 1 did not inline: the betrokkenen, the
//!    digitale adressen and the klantcontacten of the partij as parent-filtered
//!    lists (the klantcontacten optionally expanding their interne taken);
//! 3. the interne taken not inlined, as one list per klantcontact or one GET
//!    per taak, whichever is cheaper;
//! 4. the actors the taken are assigned to (single GETs, most from cache).
//!
//! A stage of `n` calls under a concurrency limit `L` takes `⌈n / L⌉` waves.
//! Plans are few (at most 16), so all are costed and the cheapest taken; on a
//! tie the plan that keeps the register busy for less time wins (the sum of
//! its calls' modelled costs), as it is lighter on the register.

use super::cost::CallCost;
use crate::config::ExpandMode;

/// What the GraphQL selection needs below the partij.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    pub betrokkenen: bool,
    pub klantcontacten: bool,
    pub interne_taken: bool,
    pub taak_actoren: bool,
    pub digitale_adressen: bool,
}

/// Expected (or, once known, actual) numbers of objects.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sizes {
    pub betrokkenen: f64,
    pub klantcontacten: f64,
    pub interne_taken: f64,
    /// Klantcontacten that led to at least one interne taak.
    pub klantcontacten_met_taken: f64,
    pub digitale_adressen: f64,
    /// Assigned actors not in the shared cache.
    pub actoren: f64,
}

/// What the partij call expands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PartijExpand {
    pub betrokkenen: bool,
    /// `betrokkenen.hadKlantcontact` (needs `betrokkenen`).
    pub klantcontacten: bool,
    pub digitale_adressen: bool,
}

impl PartijExpand {
    /// The `expand` values of the partij call, parent paths first.
    pub(crate) fn values(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.betrokkenen {
            v.push("betrokkenen");
        }
        if self.klantcontacten {
            v.push("betrokkenen.hadKlantcontact");
        }
        if self.digitale_adressen {
            v.push("digitaleAdressen");
        }
        v
    }
}

/// How the interne taken are loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TakenRoute {
    /// Not needed.
    None,
    /// Inlined by the klantcontacten list (`expand=leiddeTotInterneTaken`).
    Expand,
    /// The list of the interne taken of each klantcontact, one per klantcontact.
    PerKlantcontact,
    /// `GET /internetaken/{uuid}` per taak.
    PerTaak,
}

/// A chosen plan with its modelled critical path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Plan {
    pub partij: PartijExpand,
    pub betrokkenen_list: bool,
    pub digitale_adressen_list: bool,
    /// The klantcontacten list of the partij: `Some(expand taken)` or not made.
    pub klantcontacten_list: Option<bool>,
    pub taken: TakenRoute,
    /// Modelled critical path, milliseconds.
    pub critical_ms: f64,
    /// Modelled number of calls.
    pub calls: f64,
    /// Modelled time the register spends on the plan: the sum of its calls.
    pub busy_ms: f64,
}

/// Where planning starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// The partij is still to be fetched; `uuid_known` when its uuid is, so
    /// that the lists of stage 2 can run beside stage 1.
    Partij { uuid_known: bool },
    /// The partij has been fetched with this expand; plan the rest.
    After(PartijExpand),
}

/// The inputs of a planning decision.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inputs {
    pub mode: ExpandMode,
    pub needs: Needs,
    pub sizes: Sizes,
    pub cost: CallCost,
    /// The register's concurrency limit.
    pub limit: usize,
    pub start: Start,
}

/// Chooses the plan for `inputs`.
pub(crate) fn choose(inputs: &Inputs) -> Plan {
    let pick = match inputs.mode {
        ExpandMode::Auto => candidates(inputs).into_iter().min_by(|a, b| {
            // Within half a millisecond, the lighter load on the register wins.
            if (a.critical_ms - b.critical_ms).abs() < 0.5 {
                a.busy_ms.total_cmp(&b.busy_ms)
            } else {
                a.critical_ms.total_cmp(&b.critical_ms)
            }
        }),
        // Expand wherever the register offers it: the interne taken through
        // the klantcontacten list (which brings the contacts too), the rest
        // through the partij call.
        ExpandMode::Always => {
            let needs = inputs.needs;
            let partij = match inputs.start {
                Start::After(done) => done,
                Start::Partij { .. } => PartijExpand {
                    betrokkenen: needs.betrokkenen || needs.klantcontacten,
                    klantcontacten: needs.klantcontacten && !needs.interne_taken,
                    digitale_adressen: needs.digitale_adressen,
                },
            };
            return cost_of(inputs, partij, needs.interne_taken);
        }
        ExpandMode::Never => {
            return cost_of(inputs, PartijExpand::default(), false);
        }
    };
    pick.expect("there is always at least one plan")
}

fn candidates(inputs: &Inputs) -> Vec<Plan> {
    let needs = inputs.needs;
    let bools = [false, true];
    let partij_options: Vec<PartijExpand> = match inputs.start {
        Start::After(done) => vec![done],
        Start::Partij { .. } => {
            let mut v = Vec::new();
            for b in bools {
                for k in bools {
                    for d in bools {
                        let e = PartijExpand {
                            betrokkenen: b,
                            klantcontacten: k,
                            digitale_adressen: d,
                        };
                        let useful = (!b || needs.betrokkenen || needs.klantcontacten)
                            && (!k || (b && needs.klantcontacten))
                            && (!d || needs.digitale_adressen);
                        if useful {
                            v.push(e);
                        }
                    }
                }
            }
            v
        }
    };
    let mut plans = Vec::new();
    for partij in partij_options {
        for expand_taken in bools {
            if expand_taken && !needs.interne_taken {
                continue;
            }
            // Klantcontacten come from the partij call's expand or from the list.
            if expand_taken && partij.klantcontacten {
                continue; // the list brings the contacts anyway
            }
            plans.push(cost_of(inputs, partij, expand_taken));
        }
    }
    plans
}

fn cost_of(inputs: &Inputs, partij: PartijExpand, expand_taken: bool) -> Plan {
    let (needs, s, c, limit) = (inputs.needs, inputs.sizes, inputs.cost, inputs.limit.max(1));
    let waves = |calls: f64| (calls / limit as f64).ceil();

    let mut calls = 0.0;
    let mut busy = 0.0;
    let stage1 = match inputs.start {
        Start::After(_) => 0.0,
        Start::Partij { .. } => {
            calls += 1.0;
            let expanded = partij.betrokkenen as u8 as f64 * s.betrokkenen
                + partij.klantcontacten as u8 as f64 * s.klantcontacten
                + partij.digitale_adressen as u8 as f64 * s.digitale_adressen;
            busy += c.call_ms(1.0, expanded);
            c.call_ms(1.0, expanded)
        }
    };

    let betrokkenen_list = needs.betrokkenen && !partij.betrokkenen;
    let digitale_adressen_list = needs.digitale_adressen && !partij.digitale_adressen;
    let klantcontacten_needed = needs.klantcontacten || needs.interne_taken;
    let klantcontacten_list = (klantcontacten_needed && !partij.klantcontacten) || expand_taken;
    let mut stage2_calls = Vec::new();
    if betrokkenen_list {
        stage2_calls.push(c.call_ms(s.betrokkenen, 0.0));
    }
    if digitale_adressen_list {
        stage2_calls.push(c.call_ms(s.digitale_adressen, 0.0));
    }
    if klantcontacten_list {
        let expanded = if expand_taken { s.interne_taken } else { 0.0 };
        stage2_calls.push(c.call_ms(s.klantcontacten, expanded));
    }
    calls += stage2_calls.len() as f64;
    busy += stage2_calls.iter().sum::<f64>();
    let stage2 = stage2_calls.iter().cloned().fold(0.0, f64::max)
        * waves(stage2_calls.len() as f64).max(if stage2_calls.is_empty() { 0.0 } else { 1.0 });

    let (taken, stage3) = if !needs.interne_taken {
        (TakenRoute::None, 0.0)
    } else if expand_taken {
        (TakenRoute::Expand, 0.0)
    } else {
        let per_contact = s.interne_taken / s.klantcontacten_met_taken.max(1.0);
        let lists = waves(s.klantcontacten_met_taken) * c.call_ms(per_contact, 0.0);
        let gets = waves(s.interne_taken) * c.call_ms(1.0, 0.0);
        if lists <= gets {
            calls += s.klantcontacten_met_taken;
            busy += s.klantcontacten_met_taken * c.call_ms(per_contact, 0.0);
            (TakenRoute::PerKlantcontact, lists)
        } else {
            calls += s.interne_taken;
            busy += s.interne_taken * c.call_ms(1.0, 0.0);
            (TakenRoute::PerTaak, gets)
        }
    };

    let stage4 = if needs.taak_actoren && needs.interne_taken {
        calls += s.actoren;
        busy += s.actoren * c.call_ms(1.0, 0.0);
        waves(s.actoren) * c.call_ms(1.0, 0.0)
    } else {
        0.0
    };

    let first_two = match inputs.start {
        // With the uuid known, stage 2 does not wait for stage 1; the plan
        // still pays for whichever takes longer.
        Start::Partij { uuid_known: true } => stage1.max(stage2),
        _ => stage1 + stage2,
    };
    Plan {
        partij,
        betrokkenen_list,
        digitale_adressen_list,
        klantcontacten_list: klantcontacten_list.then_some(expand_taken),
        taken,
        critical_ms: first_two + stage3 + stage4,
        calls,
        busy_ms: busy,
    }
}

/// Chooses how to load the taken of klantcontacten already fetched:
/// `met_taken` contacts that led to `taken` taken in all.
pub(crate) fn taken_route(
    cost: CallCost,
    limit: usize,
    met_taken: usize,
    taken: usize,
) -> TakenRoute {
    if taken == 0 {
        return TakenRoute::None;
    }
    let waves = |calls: usize| calls.div_ceil(limit.max(1)) as f64;
    let per_contact = taken as f64 / met_taken.max(1) as f64;
    let lists = waves(met_taken) * cost.call_ms(per_contact, 0.0);
    let gets = waves(taken) * cost.call_ms(1.0, 0.0);
    if lists < gets || (lists == gets && met_taken <= taken) {
        TakenRoute::PerKlantcontact
    } else {
        TakenRoute::PerTaak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENKLANT: CallCost = CallCost {
        base_ms: 15.0,
        per_object_ms: 10.0,
        per_expanded_object_ms: 25.0,
    };
    const FAST: CallCost = CallCost {
        base_ms: 0.5,
        per_object_ms: 0.01,
        per_expanded_object_ms: 0.02,
    };
    const ALL: Needs = Needs {
        betrokkenen: true,
        klantcontacten: true,
        interne_taken: true,
        taak_actoren: true,
        digitale_adressen: true,
    };
    /// The partij measured on the real Open Klant: 12 contacts, 18 taken, 5 actors.
    const PERSONA: Sizes = Sizes {
        betrokkenen: 12.0,
        klantcontacten: 12.0,
        interne_taken: 18.0,
        klantcontacten_met_taken: 9.0,
        digitale_adressen: 2.0,
        actoren: 5.0,
    };

    fn inputs(mode: ExpandMode, cost: CallCost) -> Inputs {
        Inputs {
            mode,
            needs: ALL,
            sizes: PERSONA,
            cost,
            limit: 8,
            start: Start::Partij { uuid_known: false },
        }
    }

    #[test]
    fn under_openklant_costs_lists_and_gets_beat_expand() {
        let plan = choose(&inputs(ExpandMode::Auto, OPENKLANT));
        assert_eq!(plan.partij, PartijExpand::default());
        assert_eq!(plan.klantcontacten_list, Some(false));
        assert!(plan.betrokkenen_list && plan.digitale_adressen_list);
        assert_eq!(plan.taken, TakenRoute::PerKlantcontact);
        // As measured on Open Klant 2.18: about 0.25 s for this plan, 0.65–1 s
        // for the expand plan.
        assert!(plan.critical_ms < 300.0, "{plan:?}");
        let always = choose(&inputs(ExpandMode::Always, OPENKLANT));
        assert!(always.critical_ms > 600.0, "{always:?}");
    }

    #[test]
    fn when_calls_are_cheap_to_make_expand_wins() {
        let plan = choose(&inputs(ExpandMode::Auto, FAST));
        assert!(plan.partij.betrokkenen, "{plan:?}");
        assert_eq!(plan.taken, TakenRoute::Expand, "{plan:?}");
        assert_eq!(plan.calls, 2.0 + PERSONA.actoren);
    }

    #[test]
    fn always_expands_everything_and_never_nothing() {
        let always = choose(&inputs(ExpandMode::Always, OPENKLANT));
        assert!(always.partij.betrokkenen && always.partij.digitale_adressen);
        assert_eq!(always.taken, TakenRoute::Expand);
        assert_eq!(always.klantcontacten_list, Some(true));
        let never = choose(&inputs(ExpandMode::Never, FAST));
        assert_eq!(never.partij, PartijExpand::default());
        assert_ne!(never.taken, TakenRoute::Expand);
    }

    #[test]
    fn the_call_count_of_always_does_not_grow_with_the_history() {
        for contacts in [1.0, 10.0, 50.0] {
            let mut i = inputs(ExpandMode::Always, OPENKLANT);
            i.sizes = Sizes {
                betrokkenen: contacts,
                klantcontacten: contacts,
                interne_taken: 2.0 * contacts,
                klantcontacten_met_taken: contacts,
                digitale_adressen: 1.0,
                actoren: 5.0,
            };
            assert_eq!(choose(&i).calls, 7.0, "{contacts}");
        }
    }

    #[test]
    fn without_taken_in_the_selection_the_partij_call_may_bring_the_contacts() {
        let mut i = inputs(ExpandMode::Always, OPENKLANT);
        i.needs = Needs {
            betrokkenen: true,
            klantcontacten: true,
            ..Needs::default()
        };
        let plan = choose(&i);
        assert_eq!(
            plan.partij.values(),
            ["betrokkenen", "betrokkenen.hadKlantcontact"]
        );
        assert_eq!(plan.klantcontacten_list, None);
        assert_eq!(plan.calls, 1.0);
    }

    #[test]
    fn after_the_partij_only_the_rest_is_planned() {
        let mut i = inputs(ExpandMode::Auto, OPENKLANT);
        i.start = Start::After(PartijExpand::default());
        let plan = choose(&i);
        assert_eq!(plan.partij, PartijExpand::default());
        assert_eq!(plan.klantcontacten_list, Some(false));
    }

    #[test]
    fn taken_go_by_list_per_contact_unless_single_gets_are_cheaper() {
        assert_eq!(
            taken_route(OPENKLANT, 8, 9, 18),
            TakenRoute::PerKlantcontact
        );
        assert_eq!(taken_route(OPENKLANT, 8, 0, 0), TakenRoute::None);
        // 20 contacts with one taak each: per contact or per taak cost alike;
        // with a limit of 8 a list per contact is never worse.
        assert_eq!(
            taken_route(OPENKLANT, 8, 20, 20),
            TakenRoute::PerKlantcontact
        );
    }
}
