//! Shipping method calls of `AfostoClient` (API.md, "Shipping methods") and
//! the exported pure `selectableShippingMethods`.

use super::errors::to_js_error;
use super::{AfostoClient, Ctx};
use crate::api::shipping as api;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AfostoClient {
    /// The shipping methods for a country (`GET /lcs/methods`). `channelId`
    /// defaults to `ClientConfig.channelId`. Missing flags are `false` and a
    /// missing `priority` is 100, as the API documents.
    ///
    /// ```ts
    /// const methods = await client.listShippingMethods({ countryCode: "NL" });
    /// const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
    /// ```
    /// Errors: INVALID_INPUT (missing countryCode), NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(js_name = listShippingMethods, unchecked_return_type = "Promise<ShippingMethod[]>")]
    pub fn list_shipping_methods(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ countryCode: string; channelId?: string }")]
        q: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_list_methods(&self.inner.cfg, &q),
            |_, b, _| api::decode_methods(b?),
            Ctx::default(),
        )
    }

    /// One shipping method (`GET /lcs/methods/{id}`; the id is percent-encoded).
    ///
    /// ```ts
    /// const m = await client.getShippingMethod(id, { countryCode: "BE" });
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(js_name = getShippingMethod, unchecked_return_type = "Promise<ShippingMethod>")]
    pub fn get_shipping_method(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ countryCode?: string; channelId?: string }"
        )]
        q: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let q = q.unwrap_or(JsValue::UNDEFINED);
        self.typed_call(
            o,
            api::build_get_method(&self.inner.cfg, &id, &q),
            |_, b, _| api::decode_method(b?),
            Ctx::default(),
        )
    }
}

/// The methods a customer can choose for a country and parcel weight: enabled
/// methods that list the country, with `weight <= maxWeight` when both are
/// known (same unit as `maxWeight`, grams in practice), each a copy with
/// `price` = that country's `amount`; sorted by `priority`, then price, then
/// name. Pure: no request.
///
/// ```ts
/// const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
/// options[0].price; // e.g. 695
/// ```
/// Throws AfostoError INVALID_INPUT when `all` is not a `ShippingMethod[]` or
/// the query has no countryCode or a negative/non-number weight.
#[wasm_bindgen(
    js_name = selectableShippingMethods,
    unchecked_return_type = "(ShippingMethod & { price: number })[]"
)]
pub fn selectable_shipping_methods(
    #[wasm_bindgen(unchecked_param_type = "ShippingMethod[]")] all: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ countryCode: string; weight?: number }")] q: JsValue,
) -> Result<JsValue, JsValue> {
    api::selectable(&all, &q).map_err(to_js_error)
}
