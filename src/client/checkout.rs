//! Checkout session calls of `AfostoClient` (API.md, "Checkout session
//! (shipping step)"). Session ids are percent-encoded path segments; an empty
//! id is INVALID_INPUT before anything is sent.

use super::{AfostoClient, Ctx};
use crate::api::checkout as api;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AfostoClient {
    /// Start a checkout session (`POST /odr/sessions`). `audience` defaults to
    /// `ClientConfig.audience`; `expiresAt` is an ISO date-time.
    ///
    /// ```ts
    /// const { id } = await client.createCheckoutSession();
    /// ```
    /// Errors: INVALID_INPUT (expiresAt not a date-time), VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(
        js_name = createCheckoutSession,
        unchecked_return_type = "Promise<{ id: string; expiresAt: string }>"
    )]
    pub fn create_checkout_session(
        &self,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ audience?: string; expiresAt?: string }"
        )]
        i: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let i = i.unwrap_or(JsValue::UNDEFINED);
        self.typed_call(
            o,
            api::build_create_session(&self.inner.cfg, &i),
            |_, b, _| api::decode_session(b?),
            Ctx::default(),
        )
    }

    /// Add the shipping address to the session (`POST /odr/sessions/{id}/address`, 202).
    ///
    /// ```ts
    /// const a = await client.setCheckoutAddress(id, { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1 });
    /// ```
    /// Errors: INVALID_INPUT (empty session id, missing countryCode), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
    #[wasm_bindgen(js_name = setCheckoutAddress, unchecked_return_type = "Promise<Address>")]
    pub fn set_checkout_address(
        &self,
        #[wasm_bindgen(js_name = sessionId, unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AddressInput")] a: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_set_address(&session_id, &a),
            |_, b, _| api::decode_address(b?),
            Ctx::default(),
        )
    }

    /// The session's selected shipping method (`active`, absent when none) and
    /// the methods it offers (`GET /odr/sessions/{id}/shipping/methods`).
    ///
    /// ```ts
    /// const { active, options } = await client.checkoutShippingMethods(id, { countryCode: "NL" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(
        js_name = checkoutShippingMethods,
        unchecked_return_type = "Promise<{ active?: { methodId: string; isSplitAllowed: boolean }; options: { id: string; carrier: string; name: string; type: string; price: number }[] }>"
    )]
    pub fn checkout_shipping_methods(
        &self,
        #[wasm_bindgen(js_name = sessionId, unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ countryCode?: string }")] q: Option<
            JsValue,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let q = q.unwrap_or(JsValue::UNDEFINED);
        self.typed_call(
            o,
            api::build_session_methods(&session_id, &q),
            |_, b, _| api::decode_session_methods(b?),
            Ctx::default(),
        )
    }

    /// Select the session's shipping method (`PUT .../shipping/methods`);
    /// `isSplitAllowed` defaults to false.
    ///
    /// ```ts
    /// await client.selectShippingMethod(id, { methodId: options[0].id });
    /// ```
    /// Errors: INVALID_INPUT (empty methodId), NOT_FOUND, VALIDATION (unknown method), NETWORK, TIMEOUT, ABORTED, DECODE.
    #[wasm_bindgen(
        js_name = selectShippingMethod,
        unchecked_return_type = "Promise<{ methodId: string; isSplitAllowed: boolean }>"
    )]
    pub fn select_shipping_method(
        &self,
        #[wasm_bindgen(js_name = sessionId, unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ methodId: string; isSplitAllowed?: boolean }")] i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_select_method(&session_id, &i),
            |_, b, _| api::decode_active_method(b?),
            Ctx::default(),
        )
    }

    /// The session's selected service point (`active`, absent when none) and
    /// nearby points, nearest first (`GET .../shipping/point`). The API's
    /// `longtitude` (sic) comes back as `longitude`.
    ///
    /// ```ts
    /// const { active, options } = await client.checkoutServicePoints(id, { postalCode: "1012 AB" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(
        js_name = checkoutServicePoints,
        unchecked_return_type = "Promise<{ active?: { spid: string; countryCode: string }; options: ServicePointMatch[] }>"
    )]
    pub fn checkout_service_points(
        &self,
        #[wasm_bindgen(js_name = sessionId, unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ countryCode?: string; methodId?: string; postalCode?: string }"
        )]
        q: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let q = q.unwrap_or(JsValue::UNDEFINED);
        self.typed_call(
            o,
            api::build_session_points(&session_id, &q),
            |_, b, _| api::decode_session_points(b?),
            Ctx::default(),
        )
    }

    /// Select the session's service point (`PUT .../shipping/point`).
    ///
    /// ```ts
    /// await client.selectServicePoint(id, { spid: options[0].point.id, countryCode: "NL" });
    /// ```
    /// Errors: INVALID_INPUT (empty spid/countryCode), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
    #[wasm_bindgen(
        js_name = selectServicePoint,
        unchecked_return_type = "Promise<{ spid: string; countryCode: string }>"
    )]
    pub fn select_service_point(
        &self,
        #[wasm_bindgen(js_name = sessionId, unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ spid: string; countryCode: string }")] i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_select_point(&session_id, &i),
            |_, b, _| api::decode_active_point(b?),
            Ctx::default(),
        )
    }
}
