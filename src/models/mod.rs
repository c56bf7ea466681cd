//! Public camelCase models, each declared once: its field table (which
//! shapes wire JSON, `crate::shape`) and, from the same declaration, its
//! TypeScript interface ([`Model`], read natively by `src/bin/gen.rs`).
//! Types with no table (config, errors, the session, DPD details, unions)
//! are TypeScript text in their area's `TS`.

pub mod addresses;
pub mod checkout;
pub mod identity;
pub mod order;
pub mod service_points;
pub mod shipping;

#[cfg(not(target_arch = "wasm32"))]
use crate::shape::{Field, Need, Ty};

/// A public model (native only): a name and doc for its field table, and
/// what the table's types cannot say.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub struct Model {
    /// The interface name (`ShippingMethod`).
    pub name: &'static str,
    /// Its doc comment.
    pub doc: &'static str,
    /// The field table it is declared by.
    pub fields: &'static [Field],
    /// `(camelCase member, TypeScript type, optional?)` where the table's
    /// `Ty` says less than the contract: a union of known values, another
    /// model's name, a member the package always fills in.
    pub types: &'static [(&'static str, &'static str, bool)],
    /// Members the package adds beyond the wire's (`"metres?: number"`).
    pub extra: &'static [&'static str],
    /// An input the page fills in: its optional members accept `undefined`
    /// (`postalCode?: string | undefined`, API.md "Type rules").
    pub input: bool,
}

/// Every model, in declaration order.
#[cfg(not(target_arch = "wasm32"))]
pub fn all() -> Vec<&'static Model> {
    [
        &identity::MODELS[..],
        &addresses::MODELS[..],
        &shipping::MODELS[..],
        &service_points::MODELS[..],
        &checkout::MODELS[..],
        &order::MODELS[..],
    ]
    .iter()
    .flat_map(|area| area.iter())
    .collect()
}

/// The TypeScript of every area: the hand-written types, then one interface per model.
#[cfg(not(target_arch = "wasm32"))]
pub fn typescript() -> String {
    let mut s = String::new();
    for ts in [
        identity::TS,
        addresses::TS,
        shipping::TS,
        service_points::TS,
        checkout::TS,
        order::TS,
    ] {
        s.push_str(ts);
    }
    let models = all();
    for m in &models {
        s.push_str("\n/** ");
        s.push_str(m.doc);
        s.push_str(" */\nexport interface ");
        s.push_str(m.name);
        s.push(' ');
        s.push_str(&members(m.fields, m.types, m.extra, m.input, &models));
        s.push('\n');
    }
    s
}

/// `{ a: T; b?: U }` for a field table.
#[cfg(not(target_arch = "wasm32"))]
fn members(
    fields: &[Field],
    types: &[(&str, &str, bool)],
    extra: &[&str],
    input: bool,
    models: &[&Model],
) -> String {
    let mut parts = Vec::new();
    for f in fields {
        let js = f.js();
        let (ty, optional) = match types.iter().find(|t| t.0 == js) {
            Some((_, ty, opt)) => ((*ty).to_owned(), *opt),
            None => (ts_type(&f.ty, models), matches!(f.need, Need::Opt)),
        };
        let undefined = if optional && input {
            " | undefined"
        } else {
            ""
        };
        parts.push(format!(
            "{js}{}: {ty}{undefined}",
            if optional { "?" } else { "" }
        ));
    }
    parts.extend(extra.iter().map(|e| (*e).to_owned()));
    format!("{{ {} }}", parts.join("; "))
}

/// The TypeScript type of a field's `Ty`: a model's name for its table, else inline.
#[cfg(not(target_arch = "wasm32"))]
fn ts_type(ty: &Ty, models: &[&Model]) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Num | Ty::Int | Ty::Weekday => "number".into(),
        Ty::Bool => "boolean".into(),
        Ty::Any => "unknown".into(),
        Ty::List(item) => format!("{}[]", ts_type(item, models)),
        Ty::Obj(fields) => match models.iter().find(|m| core::ptr::eq(m.fields, *fields)) {
            Some(m) => m.name.into(),
            None => members(fields, &[], &[], false, models),
        },
    }
}
