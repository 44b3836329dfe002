//! Bodies of well-known macros, parsed as the expressions they hold. syn leaves a macro's body
//! as tokens; much async code (`select!`, `join!`, logging) lives there. A body that does not
//! parse as expected yields what did parse, or nothing: never an error.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Expr, Token};

/// An expression from a macro body, and whether the macro awaits it (`join!` operands, the
/// futures of `select!` branches).
pub struct MacroExpr {
    pub expr: Expr,
    pub awaited: bool,
}

/// How a macro's body is laid out.
enum Shape {
    /// Comma-separated expressions, some of which may be formatting or `key = value` noise.
    Exprs { awaited: bool },
    /// `select!`'s `pattern = future => handler` branches.
    Select,
    /// serde_json's `json!`: a JSON document whose values (and `(key)`s) are expressions.
    Json,
}

fn shape(name: &str) -> Option<Shape> {
    let exprs = Shape::Exprs { awaited: false };
    Some(match name {
        "join" | "try_join" => Shape::Exprs { awaited: true },
        "select" | "select_biased" => Shape::Select,
        "json" => Shape::Json,
        "pin" | "format" | "format_args" | "print" | "println" | "eprint" | "eprintln"
        | "write" | "writeln" | "panic" | "assert" | "assert_eq" | "assert_ne" | "debug_assert"
        | "debug_assert_eq" | "debug_assert_ne" | "vec" | "dbg" | "todo" | "unimplemented"
        | "unreachable" | "matches" | "trace" | "debug" | "info" | "warn" | "error" | "event"
        | "anyhow" | "bail" | "ensure" | "eyre" | "format_err" | "span" | "trace_span"
        | "debug_span" | "info_span" | "warn_span" | "error_span" => exprs,
        _ => return None,
    })
}

/// The expressions inside `mac`, or nothing for macros this model does not know.
pub fn expressions(mac: &syn::Macro) -> Vec<MacroExpr> {
    let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
        return Vec::new();
    };
    match shape(&name) {
        Some(Shape::Exprs { awaited }) => split_top_level(mac.tokens.clone())
            .into_iter()
            .filter_map(|chunk| parse_chunk(chunk).map(|expr| MacroExpr { expr, awaited }))
            .collect(),
        Some(Shape::Select) => {
            // What parsed before a branch this model does not understand is still checked.
            let mut out = Vec::new();
            let parser = |input: ParseStream<'_>| select_branches(input, &mut out);
            let _ = parser.parse2(mac.tokens.clone());
            out
        }
        Some(Shape::Json) => {
            let mut out = Vec::new();
            json_value(mac.tokens.clone(), &mut out);
            out
        }
        None => Vec::new(),
    }
}

/// The expressions of one JSON value of `json!`: an object's values, an array's items, or the
/// value itself (`null`, `true` and literals parse as expressions too, harmlessly).
fn json_value(tokens: TokenStream, out: &mut Vec<MacroExpr>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Group(g)] if g.delimiter() == proc_macro2::Delimiter::Brace => {
            for entry in split_top_level(g.stream()) {
                let entry: Vec<TokenTree> = entry.into_iter().collect();
                // `key: value`: the first lone `:` (not one of a path's `::`) ends the key.
                let colon = (0..entry.len()).find(|&i| {
                    let lone = |t: Option<&TokenTree>| {
                        matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    };
                    lone(entry.get(i)) && !lone(i.checked_sub(1).and_then(|j| entry.get(j)))
                        && !lone(entry.get(i + 1))
                });
                let Some(colon) = colon else {
                    continue;
                };
                // A computed key is written in parentheses: `(format!(..)): 1`.
                if let [TokenTree::Group(key)] = &entry[..colon]
                    && key.delimiter() == proc_macro2::Delimiter::Parenthesis
                {
                    push_expr(key.stream(), out);
                }
                json_value(entry[colon + 1..].iter().cloned().collect(), out);
            }
        }
        [TokenTree::Group(g)] if g.delimiter() == proc_macro2::Delimiter::Bracket => {
            for item in split_top_level(g.stream()) {
                json_value(item, out);
            }
        }
        _ => push_expr(trees.into_iter().collect(), out),
    }
}

/// A JSON value's (or a computed key's) expression, read as the other macros' chunks are.
fn push_expr(tokens: TokenStream, out: &mut Vec<MacroExpr>) {
    if let Some(expr) = parse_chunk(tokens) {
        out.push(MacroExpr {
            expr,
            awaited: false,
        });
    }
}

/// Splits a token stream at top-level `,` and `;` (groups keep their insides together).
fn split_top_level(tokens: TokenStream) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => {
                out.push(current.drain(..).collect());
            }
            _ => current.push(tt),
        }
    }
    if !current.is_empty() {
        out.push(current.into_iter().collect());
    }
    out
}

/// One chunk as an expression; tracing's `?x`/`%x` field sigils and `target: ..` keys are
/// stripped first, and a chunk that still does not parse is dropped.
fn parse_chunk(chunk: TokenStream) -> Option<Expr> {
    let mut tokens: Vec<TokenTree> = chunk.into_iter().collect();
    // A lone literal (a format string, the commonest chunk of all) holds no call: not parsed.
    if let [TokenTree::Literal(_)] = tokens.as_slice() {
        return None;
    }
    if let Some(TokenTree::Punct(p)) = tokens.first()
        && (p.as_char() == '?' || p.as_char() == '%')
    {
        tokens.remove(0);
    }
    // `name: value` (tracing's `target:`/`parent:`), but not a path `a::b`.
    if let (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) = (tokens.first(), tokens.get(1))
    {
        let next_is_colon =
            matches!(tokens.get(2), Some(TokenTree::Punct(q)) if q.as_char() == ':');
        if p.as_char() == ':' && !next_is_colon {
            tokens.drain(..2);
        }
    }
    // `field = ?value` / `field = %value`: drop the sigil after a lone `=`.
    if let Some(i) = tokens.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone))
        && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '?' || p.as_char() == '%') {
            tokens.remove(i + 1);
        }
    if tokens.is_empty() {
        return None;
    }
    syn::parse2::<Expr>(tokens.into_iter().collect()).ok()
}

/// `[biased;] pat = fut [, if cond] => handler[,] ... [else => handler]`, and `futures::select!`'s
/// `default => ..` and `complete => ..`.
fn select_branches(input: ParseStream<'_>, out: &mut Vec<MacroExpr>) -> syn::Result<()> {
    if input.peek(syn::Ident) && input.fork().parse::<syn::Ident>()? == "biased" {
        input.parse::<syn::Ident>()?;
        input.parse::<Token![;]>()?;
    }
    while !input.is_empty() {
        if input.peek(Token![else]) {
            input.parse::<Token![else]>()?;
        } else if input.peek(Token![default]) || (input.peek(syn::Ident) && input.peek2(Token![=>]))
        {
            input.parse::<proc_macro2::TokenTree>()?;
        } else {
            syn::Pat::parse_multi_with_leading_vert(input)?;
            input.parse::<Token![=]>()?;
            let future = input.call(Expr::parse_without_eager_brace)?;
            out.push(MacroExpr {
                expr: future,
                awaited: true,
            });
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
                input.parse::<Token![if]>()?;
                let cond: Expr = input.parse()?;
                out.push(MacroExpr {
                    expr: cond,
                    awaited: false,
                });
            }
        }
        input.parse::<Token![=>]>()?;
        let handler: Expr = input.parse()?;
        out.push(MacroExpr {
            expr: handler,
            awaited: false,
        });
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(())
}

/// The statics of a `lazy_static! { [pub] static ref NAME: Type = init; .. }` body, each with its
/// initialiser; what does not parse so ends the list.
pub fn lazy_statics(mac: &syn::Macro) -> Vec<(syn::Ident, Expr)> {
    let parser = |input: ParseStream<'_>| {
        let mut out = Vec::new();
        while !input.is_empty() {
            let parsed = (|| -> syn::Result<(syn::Ident, Expr)> {
                input.call(syn::Attribute::parse_outer)?;
                input.parse::<syn::Visibility>()?;
                input.parse::<Token![static]>()?;
                input.parse::<Token![ref]>()?;
                let name: syn::Ident = input.parse()?;
                input.parse::<Token![:]>()?;
                input.parse::<syn::Type>()?;
                input.parse::<Token![=]>()?;
                let init: Expr = input.parse()?;
                input.parse::<Token![;]>()?;
                Ok((name, init))
            })();
            match parsed {
                Ok(item) => out.push(item),
                Err(_) => {
                    // Keep what parsed: the rest is left unread, not an error.
                    input.parse::<TokenStream>()?;
                    break;
                }
            }
        }
        Ok(out)
    };
    parser.parse2(mac.tokens.clone()).unwrap_or_default()
}
