//! The browser's WebAuthn calls, for the hydrated pages: a passkey's sign-in (with the
//! browser's passkey autofill, WebAuthn's conditional mediation) and its creation. The
//! server's options and the authenticator's answer cross as WebAuthn's JSON, which the
//! browser itself parses and writes (`PublicKeyCredential.parse…FromJSON`, `toJSON`).
//! Rendered on the server, every call fails as "not available": the page says then what to
//! do without JavaScript.

/// Why a ceremony did not give an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// This browser has no WebAuthn with JSON options (or no JavaScript ran).
    Unsupported,
    /// The user closed the browser's dialog, or no passkey answered.
    Cancelled,
}

impl Failure {
    /// What the page says.
    pub fn words(&self) -> String {
        crate::i18n::t(match self {
            Self::Unsupported => "passkey-unsupported",
            Self::Cancelled => "passkey-cancelled",
        })
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;

    use js_sys::{Array, Function, JSON, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::Failure;

    thread_local! {
        /// The pending autofill request's AbortController: a button's request ends it
        /// first (a browser takes one request at a time).
        static PENDING: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    }

    fn member(target: &JsValue, name: &str) -> Option<JsValue> {
        Reflect::get(target, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, Failure> {
        let function: Function = member(target, name)
            .and_then(|f| f.dyn_into().ok())
            .ok_or(Failure::Unsupported)?;
        let list = Array::new();
        for arg in args {
            list.push(arg);
        }
        function
            .apply(target, &list)
            .map_err(|_| Failure::Unsupported)
    }

    async fn settled(value: JsValue) -> Result<JsValue, Failure> {
        JsFuture::from(Promise::resolve(&value))
            .await
            .map_err(|_| Failure::Cancelled)
    }

    fn public_key_credential() -> Option<JsValue> {
        member(&js_sys::global(), "PublicKeyCredential")
    }

    fn credentials() -> Option<JsValue> {
        member(&js_sys::global(), "navigator").and_then(|n| member(&n, "credentials"))
    }

    pub fn supported() -> bool {
        let parses = public_key_credential()
            .is_some_and(|pkc| member(&pkc, "parseRequestOptionsFromJSON").is_some());
        parses && credentials().is_some()
    }

    pub async fn autofill_available() -> bool {
        let Some(pkc) = public_key_credential() else {
            return false;
        };
        match call(&pkc, "isConditionalMediationAvailable", &[]) {
            Ok(answer) => settled(answer)
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            Err(_) => false,
        }
    }

    fn abort_pending() {
        if let Some(controller) = PENDING.with(|pending| pending.borrow_mut().take()) {
            let _ = call(&controller, "abort", &[]);
        }
    }

    /// The ceremony `method` (`get`, `create`) on options parsed by `parser`.
    async fn ceremony(
        options: &str,
        parser: &str,
        method: &str,
        autofill: bool,
    ) -> Result<String, Failure> {
        if !supported() {
            return Err(Failure::Unsupported);
        }
        abort_pending();
        let pkc = public_key_credential().ok_or(Failure::Unsupported)?;
        let parsed = JSON::parse(options).map_err(|_| Failure::Unsupported)?;
        let public_key = call(&pkc, parser, &[parsed])?;
        let request = Object::new();
        let set = |name: &str, value: &JsValue| {
            let _ = Reflect::set(&request, &JsValue::from_str(name), value);
        };
        set("publicKey", &public_key);
        if autofill {
            set("mediation", &JsValue::from_str("conditional"));
            if let Some(constructor) = member(&js_sys::global(), "AbortController")
                .and_then(|c| c.dyn_into::<Function>().ok())
                && let Ok(controller) = Reflect::construct(&constructor, &Array::new())
            {
                if let Some(signal) = member(&controller, "signal") {
                    set("signal", &signal);
                }
                PENDING.with(|pending| *pending.borrow_mut() = Some(controller));
            }
        }
        let credentials = credentials().ok_or(Failure::Unsupported)?;
        let credential = settled(call(&credentials, method, &[request.into()])?).await?;
        let json = call(&credential, "toJSON", &[])?;
        JSON::stringify(&json)
            .map(String::from)
            .map_err(|_| Failure::Unsupported)
    }

    pub async fn sign_in(options: &str, autofill: bool) -> Result<String, Failure> {
        ceremony(options, "parseRequestOptionsFromJSON", "get", autofill).await
    }

    pub async fn create(options: &str) -> Result<String, Failure> {
        ceremony(options, "parseCreationOptionsFromJSON", "create", false).await
    }

    pub fn go(location: &str) {
        if let Some(place) = member(&js_sys::global(), "location") {
            let _ = call(&place, "assign", &[JsValue::from_str(location)]);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use super::Failure;

    pub fn supported() -> bool {
        false
    }

    pub async fn autofill_available() -> bool {
        false
    }

    pub async fn sign_in(_: &str, _: bool) -> Result<String, Failure> {
        Err(Failure::Unsupported)
    }

    pub async fn create(_: &str) -> Result<String, Failure> {
        Err(Failure::Unsupported)
    }

    pub fn go(_: &str) {}
}

pub use browser::{autofill_available, create, go, sign_in, supported};
