//! Transitive findings: an async context calling a local sync function that, through any number
//! of local sync functions, reaches a blocking call. Reported at the call in the async context,
//! with one step per call down to the blocking one; the blocking call itself, in sync code, is
//! not a finding of its own.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::analysis::summary::{FileSummary, FnInfo};
use crate::model::path::{DefPath, TailIndex, display_key, key_hash};
use crate::model::source::Loc;
use crate::rules::Rule;
use crate::rules::finding::{Finding, HowItBlocks, Step};
use crate::rules::hit::Hit;

/// The path from a function down to a blocking call: the calls in between, then the blocking one;
/// and the other blocking calls the same function reaches, by callee.
#[derive(Clone)]
struct Chain {
    steps: Vec<Step>,
    rule: &'static Rule,
    hit: Hit,
    also: Vec<String>,
    /// Set when the chain starts at a trait method and goes down one of its impls.
    how_it_blocks: Option<HowItBlocks>,
}

/// Every function of the run by key, with the file it is in; the first of two with one key wins.
fn fn_table(summaries: &[FileSummary]) -> HashMap<&str, (usize, &FnInfo)> {
    let mut table = HashMap::new();
    for s in summaries {
        for f in &s.fns {
            table.entry(f.key.as_str()).or_insert((s.file, f));
        }
    }
    table
}

/// `summaries` hold only the functions that may be a step; `known` has every function's key hash.
pub fn findings(summaries: &[FileSummary], known: &HashSet<u64>) -> Vec<Finding> {
    let table = fn_table(summaries);
    let index = FnIndex::new(&table, known, trait_impls(summaries));
    // By callee and the parameters the call switches off (see `checker::gates`).
    let mut memo: HashMap<(String, u16), Option<Chain>> = HashMap::new();
    let mut out = Vec::new();
    for s in summaries {
        let file = s.file;
        for call in &s.async_calls {
            let Some(key) = index
                .find(&call.call.keys, &table)
                .or_else(|| index.trait_method(&call.call.keys))
            else {
                continue;
            };
            let chain = memo
                .entry((key.clone(), call.call.off))
                .or_insert_with(|| match index.impls_of(&key) {
                    Some(impls) => through_impls(&key, &impls, &table, &index),
                    None => chain_of(&key, call.call.off, &table, &index),
                })
                .clone();
            let Some(chain) = chain else {
                continue;
            };
            let mut via = vec![Step {
                file,
                loc: call.call.loc.clone(),
                caller: String::new(),
                callee: display_key(&key),
                caller_head: (0, 0),
            }];
            via.extend(chain.steps);
            let how_it_blocks = chain.how_it_blocks.or_else(|| {
                table
                    .get(key.as_str())
                    .filter(|(_, f)| f.lazy)
                    .map(|_| HowItBlocks::FirstUse {
                        name: display_key(&key),
                    })
            });
            out.push(Finding {
                rule: chain.rule,
                file,
                loc: call.call.loc.clone(),
                hit: chain.hit,
                context: call.context.clone(),
                enclosing_fn: call.enclosing_fn.clone(),
                via,
                also: chain.also,
                how_it_blocks,
                handler: None,
                startup: call.startup,
                example: false,
                dep: None,
            });
        }
    }
    out
}

/// How much a blocking root matters when a function reaches several: a call that panics on a
/// runtime worker first, then the waits a request feels (sleep, network, HTTP, database,
/// processes, channels and locks, stdin), then the file system, then CPU work.
fn severity(rule: &Rule) -> u8 {
    match rule.name {
        "block_on" => 3,
        "fs" => 1,
        "cpu" => 0,
        _ => 2,
    }
}

/// The blocking root `key` reaches, searched breadth first through the crate's sync functions:
/// the most severe one, and of those the nearest (so the chain shown is a shortest one), with
/// the other roots it reaches named in `also`. What `key` runs only for the parameters `off`
/// switches off (the call's `None` and `false` arguments) is left out.
fn chain_of(
    key: &str,
    off: u16,
    table: &HashMap<&str, (usize, &FnInfo)>,
    index: &FnIndex,
) -> Option<Chain> {
    // For each function reached: the function it was reached from and the call that did.
    let mut parent: HashMap<String, Option<(String, Loc)>> = HashMap::new();
    parent.insert(key.to_string(), None);
    let mut queue = VecDeque::from([key.to_string()]);
    let mut roots: Vec<String> = Vec::new();
    while let Some(current) = queue.pop_front() {
        let Some(&(_, info)) = table.get(current.as_str()) else {
            continue;
        };
        if info.is_async {
            continue;
        }
        // The call's arguments are known for `key`'s own code only.
        let off = if current == key { off } else { 0 };
        if info.blocking.is_some() && info.blocking_gate & off == 0 {
            // A root; what it calls may hold others, for the note that names them.
            roots.push(current.clone());
        }
        for call in info.calls.iter().filter(|c| c.gate & off == 0) {
            for next in callees(call, table, index) {
                if !parent.contains_key(&next) {
                    parent.insert(next.clone(), Some((current.clone(), call.loc.clone())));
                    queue.push_back(next);
                }
            }
        }
    }
    let blocking = |k: &str| table[k].1.blocking.as_deref().expect("a root blocks");
    // Breadth first, so `roots` is ordered by depth; the first of the highest severity wins.
    let best = roots
        .iter()
        .enumerate()
        .max_by_key(|(i, k)| (severity(blocking(k).0), std::cmp::Reverse(*i)))
        .map(|(_, k)| k.clone())?;
    let (rule, hit, loc) = blocking(&best);
    let mut steps = vec![step(table[best.as_str()], loc, &best, &hit.callee)];
    let mut at = best.clone();
    while let Some(Some((from, call))) = parent.get(&at) {
        steps.push(step(table[from.as_str()], call, from, &at));
        at = from.clone();
    }
    steps.reverse();
    let mut also: Vec<String> = roots
        .iter()
        .filter(|k| **k != best)
        .map(|k| display_key(&blocking(k).1.callee))
        .filter(|callee| *callee != display_key(&hit.callee))
        .collect();
    also.sort();
    also.dedup();
    Some(Chain {
        steps,
        rule,
        hit: hit.clone(),
        also,
        how_it_blocks: None,
    })
}

/// The functions of the run a call may go to: the one its keys name, or for a call to a trait
/// method of the crate, any of its impls, unless it has more than [`MAX_IMPLS`]: a trait that
/// many types implement (often by macro) says little about the one called, and following every
/// impl from every call costs calls x impls.
fn callees(
    call: &crate::analysis::summary::LocalCall,
    table: &HashMap<&str, (usize, &FnInfo)>,
    index: &FnIndex,
) -> Vec<String> {
    match index.find(&call.keys, table) {
        Some(next) => vec![next],
        None => index
            .trait_method(&call.keys)
            .filter(|k| index.certain.as_ref().is_none_or(|c| c.contains(k)))
            .and_then(|k| index.impls_of(&k))
            .filter(|impls| impls.len() <= MAX_IMPLS)
            .unwrap_or_default(),
    }
}

/// See [`callees`].
const MAX_IMPLS: usize = 32;

/// A sync function of the run that reaches a blocking call: the steps down to it (the first
/// from `key` itself), the rule and what the rule found there.
pub struct SyncChain {
    pub key: String,
    pub rule: &'static Rule,
    pub hit: Hit,
    pub steps: Vec<Step>,
}

/// Every sync function of the run that reaches a blocking call, with the chain a transitive
/// finding would show below it: the question [`findings`] asks of each async call site, asked
/// of every function at once (a dependency's summary, see `deps`). Only functions from which a
/// root is reachable are searched, found by walking the calls backwards from the roots.
///
/// A dependency's finding cannot be fixed where it is, so a call it cannot be sure of does not
/// count: a call to a trait method with no body of its own reaches a blocking call only when
/// every impl of the crate's does. A `dyn KeyLog` that writes to a file in one impl and does
/// nothing in the default one the crate hands out is no blocking call of its caller.
pub fn sync_chains(summaries: &[FileSummary], known: &HashSet<u64>) -> Vec<SyncChain> {
    let table = fn_table(summaries);
    let mut index = FnIndex::new(&table, known, trait_impls(summaries));
    // Who calls whom, backwards; a call to a trait method's impls goes to the trait method's key,
    // which reaches a root once each of its impls (`remaining` counts them down) does.
    let mut callers: HashMap<String, Vec<&str>> = HashMap::new();
    let mut traits_of_impl: HashMap<String, Vec<String>> = HashMap::new();
    let mut remaining: HashMap<String, usize> = HashMap::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for (&key, (_, info)) in &table {
        if info.is_async {
            continue;
        }
        if info.blocking.is_some() {
            queue.push_back(key.to_string());
        }
        for call in &info.calls {
            let next = match index.find(&call.keys, &table) {
                Some(next) => next,
                None => {
                    let Some((method, impls)) = index
                        .trait_method(&call.keys)
                        .and_then(|m| Some((m.clone(), index.impls_of(&m)?)))
                        .filter(|(_, impls)| impls.len() <= MAX_IMPLS)
                    else {
                        continue;
                    };
                    if !remaining.contains_key(&method) {
                        let impls: HashSet<String> = impls.into_iter().collect();
                        remaining.insert(method.clone(), impls.len());
                        for i in impls {
                            traits_of_impl.entry(i).or_default().push(method.clone());
                        }
                    }
                    method
                }
            };
            callers.entry(next).or_default().push(key);
        }
    }
    let mut reaching: HashSet<String> = queue.iter().cloned().collect();
    let mut certain: HashSet<String> = HashSet::new();
    while let Some(key) = queue.pop_front() {
        for &caller in callers.get(&key).into_iter().flatten() {
            if reaching.insert(caller.to_string()) {
                queue.push_back(caller.to_string());
            }
        }
        for method in traits_of_impl.get(&key).into_iter().flatten() {
            let left = remaining.get_mut(method).expect("counted with its impls");
            *left -= 1;
            if *left == 0 && reaching.insert(method.clone()) {
                certain.insert(method.clone());
                queue.push_back(method.clone());
            }
        }
    }
    // The chains go through the trait methods found certain, and no other.
    index.certain = Some(certain);
    let mut out: Vec<SyncChain> = reaching
        .into_iter()
        .filter(|key| table.contains_key(key.as_str()))
        .filter_map(|key| {
            let chain = chain_of(&key, 0, &table, &index)?;
            Some(SyncChain {
                key,
                rule: chain.rule,
                hit: chain.hit,
                steps: chain.steps,
            })
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

/// The crate's traits and the types that implement them, from every file.
fn trait_impls(summaries: &[FileSummary]) -> HashMap<String, Vec<String>> {
    let mut impls: HashMap<String, Vec<String>> = HashMap::new();
    for (t, ty) in summaries.iter().flat_map(|s| &s.trait_impls) {
        impls.entry(t.clone()).or_default().push(ty.clone());
    }
    impls
}

/// The chain below a call to a trait method (`key`, `#0::Backend::backup`): the default body's
/// if it blocks, else the most severe of the impls' (`impls`: their method keys), with a note
/// that names the impls that block, and says "may" when not all of them do.
fn through_impls(
    key: &str,
    impls: &[String],
    table: &HashMap<&str, (usize, &FnInfo)>,
    index: &FnIndex,
) -> Option<Chain> {
    // An impl that does not define the method runs the trait's default body.
    let own = |k: &String| table.contains_key(k.as_str()) || index.known.contains(&key_hash(k));
    let default_chain = || chain_of(key, 0, table, index);
    let blocking: Vec<(String, Chain)> = impls
        .iter()
        .filter(|k| own(k))
        .filter_map(|k| Some((owner(k), chain_of(k, 0, table, index)?)))
        .collect();
    let on_default = impls.iter().filter(|k| !own(k)).count();
    let default = (on_default > 0).then(default_chain).flatten();
    let best = blocking
        .iter()
        .map(|(_, c)| c)
        .chain(default.iter())
        .max_by_key(|c| (severity(c.rule), std::cmp::Reverse(c.steps.len())))?
        .clone();
    let method = display_key(key);
    let named: Vec<String> = blocking.iter().map(|(n, _)| format!("`{n}`")).collect();
    // The default body's `self` calls stand for every impl, so a chain through it only may block.
    let note = match (&default, named.is_empty()) {
        (None, _) if named.len() == impls.len() => {
            format!("every impl of `{method}` blocks: {}", named.join(", "))
        }
        (None, _) => format!(
            "`{method}` may block: {} of its {} impls do ({})",
            named.len(),
            impls.len(),
            named.join(", ")
        ),
        (Some(_), true) => format!(
            "`{method}` may block: its default body, which {on_default} of its {} impls use, \
             reaches a blocking call",
            impls.len()
        ),
        (Some(_), false) => format!(
            "`{method}` may block: its default body, which {on_default} of its {} impls use, \
             reaches a blocking call, and so do the impls for {}",
            impls.len(),
            named.join(", ")
        ),
    };
    let mut chain = best;
    chain.how_it_blocks = Some(HowItBlocks::Impls(note));
    Some(chain)
}

/// A type's name as messages show it, from one of its methods' keys.
fn owner(method_key: &str) -> String {
    let shown = display_key(method_key);
    DefPath::new(&shown)
        .parent()
        .map_or(shown.clone(), |t| t.to_string())
}

/// The call at `loc` in `caller` (whose file and info `in_fn` holds) to `callee`, both keys.
fn step(in_fn: (usize, &FnInfo), loc: &Loc, caller: &str, callee: &str) -> Step {
    Step {
        file: in_fn.0,
        loc: loc.clone(),
        caller: display_key(caller),
        callee: display_key(callee),
        caller_head: in_fn.1.head,
    }
}

/// Finds a function by a key that reached it through a `pub use` re-export (`crate::load` for
/// `crate::cli::config::load`): the one function of the unit whose path ends the same way, if only
/// one does.
struct FnIndex<'k> {
    by_tail: TailIndex<String>,
    known: &'k HashSet<u64>,
    /// Trait path to the types that implement it.
    impls: HashMap<String, Vec<String>>,
    /// When set (a dependency's summary, see [`sync_chains`]), the only trait methods a call
    /// goes down the impls of: those every impl of which reaches a blocking call.
    certain: Option<HashSet<String>>,
}

impl<'k> FnIndex<'k> {
    fn new(
        table: &HashMap<&str, (usize, &FnInfo)>,
        known: &'k HashSet<u64>,
        impls: HashMap<String, Vec<String>>,
    ) -> FnIndex<'k> {
        FnIndex {
            by_tail: TailIndex::new(table.keys().map(|k| k.to_string())),
            known,
            impls,
            certain: None,
        }
    }

    /// The key among `keys` that names a method of a trait the crate implements.
    fn trait_method(&self, keys: &[String]) -> Option<String> {
        keys.iter()
            .find(|k| {
                DefPath::new(k)
                    .parent()
                    .is_some_and(|t| self.impls.contains_key(t.as_str()))
            })
            .cloned()
    }

    /// For a trait method key, the same method of every type that implements the trait.
    fn impls_of(&self, key: &str) -> Option<Vec<String>> {
        let (trait_path, method) = DefPath::new(key).split_last()?;
        let types = self.impls.get(trait_path.as_str())?;
        Some(types.iter().map(|t| format!("{t}::{method}")).collect())
    }

    fn find(&self, keys: &[String], table: &HashMap<&str, (usize, &FnInfo)>) -> Option<String> {
        if let Some(k) = keys.iter().find(|k| table.contains_key(k.as_str())) {
            return Some(k.clone());
        }
        if keys.iter().any(|k| self.known.contains(&key_hash(k))) {
            // A function of the run that cannot block: no guessing by name.
            return None;
        }
        keys.iter().find_map(|k| self.by_tail.unique(k).cloned())
    }
}
