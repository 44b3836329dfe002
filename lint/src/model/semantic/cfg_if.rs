//! `cfg_if!` blocks, read as the items they stand for. Many crates declare their platform modules
//! inside one (`cfg_if! { if #[cfg(unix)] { mod unix; use unix as sys; } else { .. } }`): syn
//! leaves it as tokens, so without this the modules behind it, and every function in them, go
//! unread. Each branch's items come out with the `#[cfg]` that selects that branch, so the rest
//! of the lint treats them as it treats any item under a `cfg` (a dependency's summary leaves
//! out what the host does not compile). A body that does not parse is left as it was.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Item, Token};

/// Replaces each `cfg_if!` among `items` (and inside inline modules) by its branches' items.
pub fn expand(items: &mut Vec<Item>) {
    let mut out = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        match item {
            Item::Macro(m) if is_cfg_if(&m.mac.path) => match branches.parse2(m.mac.tokens.clone())
            {
                Ok(expanded) => out.extend(expanded),
                Err(_) => out.push(Item::Macro(m)),
            },
            other => out.push(other),
        }
    }
    for item in &mut out {
        if let Item::Mod(m) = item
            && let Some((_, inner)) = &mut m.content
        {
            expand(inner);
        }
    }
    *items = out;
}

fn is_cfg_if(path: &syn::Path) -> bool {
    path.segments.last().is_some_and(|s| s.ident == "cfg_if")
}

/// One or more chains `if #[cfg(a)] { .. } else if #[cfg(b)] { .. } else { .. }`, one after
/// another: in a chain, a branch holds when its own predicate does and no earlier one does.
fn branches(input: ParseStream<'_>) -> syn::Result<Vec<Item>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        chain(input, &mut items)?;
    }
    Ok(items)
}

fn chain(input: ParseStream<'_>, items: &mut Vec<Item>) -> syn::Result<()> {
    let mut earlier: Vec<TokenStream> = Vec::new();
    loop {
        let predicate = if input.peek(Token![if]) {
            input.parse::<Token![if]>()?;
            let attrs = input.call(Attribute::parse_outer)?;
            let [attr] = attrs.as_slice() else {
                return Err(input.error("one #[cfg] per branch"));
            };
            if !attr.path().is_ident("cfg") {
                return Err(input.error("a branch's attribute is a #[cfg]"));
            }
            Some(attr.meta.require_list()?.tokens.clone())
        } else if earlier.is_empty() {
            return Err(input.error("a chain starts with `if #[cfg(..)]`"));
        } else {
            None
        };
        let body;
        syn::braced!(body in input);
        let mut branch = Vec::new();
        while !body.is_empty() {
            branch.push(body.parse::<Item>()?);
        }
        // Nested `cfg_if!`s are expanded before this branch's condition is added to them.
        expand(&mut branch);
        let condition = match &predicate {
            Some(p) => quote!(all(#p, not(any(#(#earlier),*)))),
            None => quote!(not(any(#(#earlier),*))),
        };
        for item in branch {
            // Printed and parsed again with the branch's `cfg` in front: the tokens keep their
            // spans, so findings still point into the file.
            items.push(syn::parse2(quote!(#[cfg(#condition)] #item))?);
        }
        let Some(p) = predicate else {
            return Ok(());
        };
        earlier.push(p);
        if !input.peek(Token![else]) {
            return Ok(());
        }
        input.parse::<Token![else]>()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(src: &str) -> Vec<String> {
        let mut file = syn::parse_file(src).unwrap();
        expand(&mut file.items);
        file.items
            .iter()
            .map(|i| quote!(#i).to_string().replace(' ', ""))
            .collect()
    }

    #[test]
    fn each_branch_is_guarded_by_its_own_predicate_and_not_the_earlier_ones() {
        let items = expanded(
            "cfg_if::cfg_if! {
                if #[cfg(unix)] { mod unix; use unix as sys; }
                else if #[cfg(windows)] { mod windows; }
                else { mod other; }
            }",
        );
        assert_eq!(
            items,
            [
                "#[cfg(all(unix,not(any())))]modunix;",
                "#[cfg(all(unix,not(any())))]useunixassys;",
                "#[cfg(all(windows,not(any(unix))))]modwindows;",
                "#[cfg(not(any(unix,windows)))]modother;",
            ]
        );
    }

    #[test]
    fn chains_one_after_another_are_independent() {
        let items = expanded(
            "cfg_if! {
                if #[cfg(unix)] { mod unix; } else { mod other; }
                if #[cfg(feature = \"disk\")] { mod disk; }
            }",
        );
        assert_eq!(
            items,
            [
                "#[cfg(all(unix,not(any())))]modunix;",
                "#[cfg(not(any(unix)))]modother;",
                "#[cfg(all(feature=\"disk\",not(any())))]moddisk;",
            ]
        );
    }

    #[test]
    fn nested_and_inline_module_cfg_ifs_are_expanded_and_bad_bodies_kept() {
        let items = expanded(
            "mod inner { cfg_if! { if #[cfg(unix)] { cfg_if! { if #[cfg(feature = \"x\")] { fn f() {} } } } } }
             cfg_if! { this is not a cfg_if body }",
        );
        assert_eq!(items.len(), 2);
        assert!(
            items[0].contains(
                "#[cfg(all(unix,not(any())))]#[cfg(all(feature=\"x\",not(any())))]fnf(){}"
            ),
            "{}",
            items[0]
        );
        assert!(items[1].starts_with("cfg_if!"), "{}", items[1]);
    }
}
