//! The rest of the checkout (API.md, "The rest of the checkout"): contact,
//! phone numbers, payment methods, totals, the calculation and authorize,
//! transactions. Money is the reference's integer minor units.

use crate::shape::{field, Field, Need::*, Ty::*};

/// `GET /odr/sessions/{id}`: `{ expires_at }` (the id is the one asked for).
pub static SESSION_EXPIRY: [Field; 1] = [field("expires_at", Str, Req)];

/// `attachOrder` input (`[OdrAttachSessionRequest]`).
pub static ORDER_INPUT: [Field; 1] = [field("order_id", Str, Req)];

/// `setCheckoutContact` input (`POST .../contact`).
pub static CONTACT_INPUT: [Field; 4] = [
    field("email", Str, Req),
    field("given_name", Str, Opt),
    field("additional_name", Str, Opt),
    field("family_name", Str, Opt),
];

/// `GET .../contact`.
pub static CONTACT: [Field; 6] = [
    field("id", Str, Opt),
    field("email", Str, Req),
    field("given_name", Str, Opt),
    field("additional_name", Str, Opt),
    field("family_name", Str, Opt),
    field("tags", List(&Str), DefEmpty),
];

/// `addCheckoutPhoneNumber` input.
pub static PHONE_INPUT: [Field; 2] = [field("country_code", Str, Req), field("number", Str, Req)];

/// A phone number of the session (`POST .../phonenumbers`, 202).
pub static PHONE: [Field; 3] = [
    field("id", Str, Req),
    field("country_code", Str, Req),
    field("number", Str, Req),
];

/// `selectPhoneNumber` input (`PUT .../phonenumbers`).
pub static SELECT_PHONE_INPUT: [Field; 1] = [field("phone_number_id", Str, Req)];

/// `selectBillingAddress` input (`PUT .../billing`).
pub static SELECT_BILLING_INPUT: [Field; 1] = [field("address_id", Str, Req)];

/// An issuer of a payment method (iDEAL's banks); its id is the reference's
/// issuer `method_id`.
pub static ISSUER: [Field; 2] = [field("id|method_id", Str, Req), field("name", Str, Req)];

/// A payment method a session offers.
pub static PAYMENT_OPTION: [Field; 3] = [
    field("method_id", Str, Req),
    field("name", Str, Req),
    field("issuers", List(&Obj(&ISSUER)), DefEmpty),
];

/// The selected payment method (`acitve`, sic, of GET; body and answer of PUT).
pub static PAYMENT_ACTIVE: [Field; 2] =
    [field("method_id", Str, Req), field("issuer_id", Str, Opt)];

/// `GET .../billing/methods`; `active` (the reference's `acitve`) checked apart.
pub static PAYMENT_METHODS: [Field; 2] = [
    field("active|acitve", Any, Opt),
    field("options", List(&Obj(&PAYMENT_OPTION)), DefEmpty),
];

/// A discount or surcharge (`is_percentage`: `amount` is a percentage, not money).
pub static ADJUSTMENT: [Field; 5] = [
    field("description", Str, Opt),
    field("amount", Num, Req),
    field("is_percentage", Bool, DefBool(false)),
    field("is_discount", Bool, DefBool(false)),
    field("reference", Str, Opt),
];

/// An item of the cart, priced.
pub static TOTAL_ITEM: [Field; 8] = [
    field("sku", Str, Opt),
    field("description", Str, Opt),
    field("quantity", Int, Req),
    field("amount", Num, Req),
    field("subtotal", Num, Req),
    field("total", Num, Req),
    field("vat_percentage", Num, Opt),
    field("adjustments", List(&Obj(&ADJUSTMENT)), DefEmpty),
];

/// A service (shipping, a fee): `amount` is a percentage when `is_percentage`.
pub static TOTAL_SERVICE: [Field; 8] = [
    field("type", Str, Req),
    field("description", Str, Opt),
    field("amount", Num, Req),
    field("is_percentage", Bool, DefBool(false)),
    field("quantity", Int, Req),
    field("subtotal", Num, Req),
    field("total", Num, Req),
    field("adjustments", List(&Obj(&ADJUSTMENT)), DefEmpty),
];

/// One VAT line.
pub static VAT_LINE: [Field; 2] = [field("rate", Num, Req), field("amount", Num, Req)];

/// `GET .../projection`: what the order will cost.
pub static TOTALS: [Field; 8] = [
    field("items", List(&Obj(&TOTAL_ITEM)), DefEmpty),
    field("services", List(&Obj(&TOTAL_SERVICE)), DefEmpty),
    field("adjustments", List(&Obj(&ADJUSTMENT)), DefEmpty),
    field("subtotal", Num, Req),
    field("total", Num, Req),
    field("vat", List(&Obj(&VAT_LINE)), DefEmpty),
    field("currency", Str, Opt),
    field("is_including_vat", Bool, Opt),
];

/// `GET .../calculation`, as far as placing the order needs it.
pub static CALCULATION: [Field; 2] = [field("id", Str, Req), field("total", Num, Req)];

/// `POST .../authorize` body.
pub static AUTHORIZE_INPUT: [Field; 1] = [field("calculation_id", Str, Req)];

/// `POST .../authorize` answer.
pub static AUTHORIZE: [Field; 2] = [
    field("accepted", Bool, DefBool(false)),
    field("forward_uri", Str, Opt),
];

/// One payment of a transaction.
pub static PAYMENT: [Field; 7] = [
    field("id", Str, Req),
    field("amount", Num, Req),
    field("method_code", Str, Opt),
    field("issuer_code", Str, Opt),
    field("is_pending", Bool, DefBool(false)),
    field("is_paid", Bool, DefBool(false)),
    field("paid_at", Str, Opt),
];

/// `GET /odr/transactions/{secret}`.
pub static TRANSACTION: [Field; 8] = [
    field("id", Str, Req),
    field("number", Str, Opt),
    field("description", Str, Opt),
    field("amount_due", Num, Req),
    field("amount_paid", Num, Req),
    field("currency", Str, Opt),
    field("payments", List(&Obj(&PAYMENT)), DefEmpty),
    field("return_url", Str, Opt),
];

/// TypeScript for this area (every shape is a model).
pub const TS: &str = "";

/// The models of this area (see `models::Model`).
#[cfg(not(target_arch = "wasm32"))]
pub static MODELS: [super::Model; 11] = [
    super::Model {
        name: "CheckoutContact",
        doc: "The session's contact (the shopper's email and name).",
        fields: &CONTACT,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "PhoneNumber",
        doc: "A phone number added to a checkout session.",
        fields: &PHONE,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "PaymentIssuer",
        doc: "An issuer of a payment method (iDEAL's banks); send its `id` back as `issuerId`.",
        fields: &ISSUER,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "PaymentMethodOption",
        doc: "A payment method a checkout session offers, with its issuers.",
        fields: &PAYMENT_OPTION,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "SelectedPaymentMethod",
        doc: "The payment method (and issuer) a checkout session holds.",
        fields: &PAYMENT_ACTIVE,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "CheckoutPaymentMethods",
        doc: "The session's selected payment method (absent when none) and the methods it offers.",
        fields: &PAYMENT_METHODS,
        types: &[("active", "SelectedPaymentMethod", true)],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "Adjustment",
        doc: "A discount or surcharge. `amount` is integer minor units, or a percentage when `isPercentage` (never money then).",
        fields: &ADJUSTMENT,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "CheckoutTotals",
        doc: "What the order costs, ready to show: items with their adjustments, services (shipping, fees), order-level adjustments (discounts), VAT lines, subtotal and total, in integer minor units of `currency`.",
        fields: &TOTALS,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "PlacedOrder",
        doc: "The outcome of `placeOrder`: whether the authorize was accepted, where to send the shopper to pay (`forwardUri`, https or loopback), and the calculation it was for.",
        fields: &AUTHORIZE,
        types: &[],
        extra: &["calculationId: string", "total: number"],
        input: false,
    },
    super::Model {
        name: "TransactionPayment",
        doc: "One payment of a transaction.",
        fields: &PAYMENT,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "Transaction",
        doc: "A payment transaction (the return page reads it by its secret); money in integer minor units.",
        fields: &TRANSACTION,
        types: &[],
        extra: &[],
        input: false,
    },
];
