//! Identity login methods of `AfostoClient` (API.md, "Identity login").

use super::errors::to_js_error;
use super::{call_opts, spawn, AfostoClient, Ctx, Inner};
use crate::api::identity::{self as api, CredentialsCall};
use crate::error::{Code, Error};
use crate::time::now_ms;
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Decode a `SignedToken` answer and start the session with it.
fn start_session(
    inner: &Rc<Inner>,
    body: Result<Option<JsValue>, Error>,
    _: &Ctx,
) -> Result<JsValue, Error> {
    let session = api::decode_signed_token(body?, now_ms())?;
    Ok(inner.set_session(Some(session)))
}

#[wasm_bindgen]
impl AfostoClient {
    /// Create an identity and sign in (`POST /rel/identity/create`).
    ///
    /// ```ts
    /// const s = await client.signUp({ email: "jane@example.com", password: "…" });
    /// ```
    /// Errors: INVALID_INPUT (empty email/password, email without @), CONFLICT (exists), VALIDATION, NETWORK, TIMEOUT, ABORTED, …
    #[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<IdentitySession>")]
    pub fn sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Credentials")] c: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_credentials(&self.inner.cfg, CredentialsCall::SignUp, &c),
            start_session,
            Ctx::default(),
        )
    }

    /// Sign in (`POST /rel/identity/authorize`); stores the session.
    ///
    /// ```ts
    /// await client.signIn({ email, password });
    /// ```
    /// Errors: INVALID_INPUT, UNAUTHORIZED (wrong password), NOT_FOUND (unknown identity), NETWORK, TIMEOUT, ABORTED, …
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<IdentitySession>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Credentials")] c: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_credentials(&self.inner.cfg, CredentialsCall::SignIn, &c),
            start_session,
            Ctx::default(),
        )
    }

    /// Whether an identity exists for an email (`POST /rel/identity/exists`:
    /// 204 -> true, 404 -> false; the reference also documents 409 "Identity
    /// already exists" for this endpoint, which reads as true).
    ///
    /// ```ts
    /// if (await client.identityExists({ email })) showPasswordField();
    /// ```
    #[wasm_bindgen(js_name = identityExists, unchecked_return_type = "Promise<boolean>")]
    pub fn identity_exists(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ email: string; audience?: string }")] i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_exists(&self.inner.cfg, &i),
            |_, r, _| match r {
                Ok(_) => Ok(JsValue::TRUE),
                Err(e) if e.code == Code::NotFound => Ok(JsValue::FALSE),
                Err(e) if e.code == Code::Conflict => Ok(JsValue::TRUE),
                Err(e) => Err(e),
            },
            Ctx::default(),
        )
    }

    /// Request a one-time token by email (`POST /rel/identity/tokens`), `type` "reset" or "confirm".
    ///
    /// ```ts
    /// await client.requestIdentityToken({ email, type: "reset" });
    /// ```
    #[wasm_bindgen(js_name = requestIdentityToken, unchecked_return_type = "Promise<{ status: string }>")]
    pub fn request_identity_token(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ email: string; type: string; audience?: string }"
        )]
        i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_request_token(&self.inner.cfg, &i),
            |_, b, _| api::decode_token_status(b?),
            Ctx::default(),
        )
    }

    /// Set a new password with a reset token (`POST /rel/identity/reset`); stores the session.
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<IdentitySession>")]
    pub fn reset_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ token: string; password: string }")] i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_reset(&self.inner.cfg, &i),
            start_session,
            Ctx::default(),
        )
    }

    /// Verify the identity with a confirm token (`POST /rel/identity/verify`); stores the session.
    #[wasm_bindgen(js_name = verifyIdentity, unchecked_return_type = "Promise<IdentitySession>")]
    pub fn verify_identity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ token: string }")] i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_verify(&self.inner.cfg, &i),
            start_session,
            Ctx::default(),
        )
    }

    /// Exchange the current token for a later one (`GET /iam/jwt/extend`).
    /// Concurrent calls share one request. Errors: UNAUTHORIZED when signed out.
    #[wasm_bindgen(js_name = extendSession, unchecked_return_type = "Promise<IdentitySession>")]
    pub fn extend_session(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            call_opts(&inner.cfg, &o).map_err(to_js_error)?;
            if inner.token().is_none() {
                let e =
                    Error::new(Code::Unauthorized, "not signed in").at("GET", "/iam/jwt/extend");
                return Err(to_js_error(e));
            }
            // Already an AfostoError when it rejects.
            JsFuture::from(inner.extend_shared()).await
        })
    }

    /// Sign out: revoke the token (`GET /iam/jwt/revoke`) and clear the local
    /// session, even when the revoke fails (the promise still resolves).
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let opts = call_opts(&inner.cfg, &o)?;
            if inner.token().is_some() {
                let _ = inner.call(&api::build_revoke(), &opts).await;
            }
            inner.set_session(None);
            Ok(JsValue::UNDEFINED)
        })
    }
}
