"""A SAML 2.0 identity provider on loopback for Cognate's tests: PyPI's pysaml2 (with
Debian's xmlsec1) signs and encrypts, as a company's IdP would. It also cheats on request,
so that each check Cognate makes on a response is tried by a real signed document.

    python idp.py PORT STATE_DIR

GET  /metadata                     its metadata (entity ID, SSO and SLO by redirect, its cert)
POST /sp                           registers a service provider: JSON {entity_id, acs, slo,
                                   certificate (Cognate's GetSigningCertificate), and
                                   encryption_certificate (its ActiveEncryptionCertificate)}
GET  /sso?SAMLRequest&RelayState   a sign-in form; with &as=<user> it answers at once
POST /login                        the form's answer: the response, posted to the SP by a form
GET  /init?as=<user>&sp=<entity id>&relay_state=…   an unsolicited (IdP-initiated) response
GET  /slo?SAMLRequest&RelayState   signs the user out, answers with a LogoutResponse
GET  /log                          the requests it received, one JSON object per line

Knobs (query of /sso, /init, or fields of /login): sign=response|assertion|both|none,
alg=sha1 (else RSA-SHA256), encrypt=1|0 (the default: whether the SP gave an encryption
certificate; enc=3des: with Triple DES, else AES-256-CBC), audience=…, recipient=…, expired=1, cheat=<one of CHEATS>, raw=1 (the answer
is the base64 SAMLResponse as text instead of a form).

Users: any name; its attributes are USERS[name] if listed, else an email at corp.example.
"""

import base64
import copy
import html
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
import datetime

from lxml import etree
import saml2.entity
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, sigver
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.saml import NAME_FORMAT_URI
from saml2.server import Server
from saml2.authn_context import PASSWORD
from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256

EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
GIVEN_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"
GROUPS = "http://schemas.xmlsoap.org/claims/Group"

USERS = {
    "alice": {EMAIL: ["alice@corp.example"], GIVEN_NAME: ["Alice"], GROUPS: ["staff", "admins"]},
    "bob": {EMAIL: ["bob@corp.example"], GIVEN_NAME: ["Bob"]},
}

CHEATS = [
    # The signed response moved into (or beside) the signature of a forged one (XSW1, XSW2).
    "xsw-response-in-signature",
    "xsw-response-sibling",
    # A forged assertion beside, around, or holding the signed one (XSW3 to XSW8).
    "xsw-assertion-before",
    "xsw-assertion-wrapping",
    "xsw-assertion-in-signature",
    "xsw-assertion-in-extensions",
    # The signed response's assertion changed after signing.
    "edited-after-signing",
    # A comment inside the NameID: the signature covers the text without it.
    "comment-in-name-id",
    # A DTD declaring an external entity, and one declaring nested entities.
    "xxe",
    "billion-laughs",
    # Padding past Cognito's 100,000 characters.
    "oversized",
]

# pysaml2 encrypts with Triple DES unless told otherwise; company IdPs (Entra ID, Okta, ADFS)
# use AES-256-CBC, and so does this one, unless a request asks for 3DES (enc=3des).
AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
ENCRYPTION = threading.local()


def pre_encryption_part(**kwargs):
    algorithm = getattr(ENCRYPTION, "algorithm", AES256_CBC)
    return sigver.pre_encryption_part(msg_enc=algorithm, **kwargs)


saml2.entity.pre_encryption_part = pre_encryption_part
_encrypt_assertion = sigver.SecurityContext.encrypt_assertion


def encrypt_assertion(self, statement, enc_key, template, key_type=None, node_xpath=None):
    algorithm = getattr(ENCRYPTION, "algorithm", AES256_CBC)
    key_type = "des-192" if algorithm == sigver.TRIPLE_DES_CBC else "aes-256"
    return _encrypt_assertion(self, statement, enc_key, template, key_type, node_xpath)


sigver.SecurityContext.encrypt_assertion = encrypt_assertion

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
DS = "http://www.w3.org/2000/09/xmldsig#"


def make_key(state_dir):
    """The IdP's RSA key and self-signed certificate, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Cognate test IdP")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_file = os.path.join(state_dir, "idp.key")
    cert_file = os.path.join(state_dir, "idp.crt")
    with open(key_file, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
    with open(cert_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def configure(base, key_file, cert_file, lifetime_minutes):
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base}/metadata",
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{base}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{base}/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": lifetime_minutes},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": False,
                }
            },
            "key_file": key_file,
            "cert_file": cert_file,
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "metadata": {},
        }
    )
    return config


def sp_metadata(entity_id, acs, slo, certificate):
    cert = "".join(certificate.split())
    return f"""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{html.escape(entity_id)}">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
      AuthnRequestsSigned="false" WantAssertionsSigned="true">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="{BINDING_HTTP_REDIRECT}" Location="{html.escape(slo)}"/>
    <md:AssertionConsumerService Binding="{BINDING_HTTP_POST}" Location="{html.escape(acs)}" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"""


class IdP:
    def __init__(self, base, state_dir):
        self.base = base
        self.state_dir = state_dir
        key_file, cert_file = make_key(state_dir)
        self.cert_file = cert_file
        self.server = Server(config=configure(base, key_file, cert_file, 15))
        self.expired = Server(config=configure(base, key_file, cert_file, -10))
        self.sps = {}  # entity id -> {acs, slo, certificate}
        self.lock = threading.Lock()
        self.metadata = create_metadata_string(None, self.server.config, 4, None, None, None, None, None).decode()

    def register(self, entity_id, acs, slo, certificate, encryption_certificate=None):
        xml = sp_metadata(entity_id, acs, slo, certificate)
        with self.lock:
            for server in (self.server, self.expired):
                server.metadata.load("inline", xml)
            self.sps[entity_id] = {
                "acs": acs,
                "slo": slo,
                "certificate": certificate,
                "encryption_certificate": encryption_certificate or certificate,
                # Given an encryption certificate, it encrypts, as a company IdP set up
                # for the SP's EncryptedResponses does.
                "encrypts": bool(encryption_certificate),
            }

    def response(self, user, sp_entity_id, in_response_to, relay_state, knobs):
        """The SAMLResponse (base64) for `user`, shaped by `knobs`, and where it goes."""
        sp = self.sps[sp_entity_id]
        server = self.expired if knobs.get("expired") == "1" else self.server
        identity = USERS.get(user, {EMAIL: [f"{user}@corp.example"]})
        sign = knobs.get("sign", "both")
        name_id = NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=identity[EMAIL][0])
        destination = knobs.get("recipient") or sp["acs"]
        audience = knobs.get("audience") or sp_entity_id
        cert = (
            "-----BEGIN CERTIFICATE-----\n"
            + sp["encryption_certificate"]
            + "\n-----END CERTIFICATE-----\n"
        )
        encrypt = knobs.get("encrypt", "1" if sp["encrypts"] else "0") == "1"
        ENCRYPTION.algorithm = sigver.TRIPLE_DES_CBC if knobs.get("enc") == "3des" else AES256_CBC
        with self.lock:
            response = server.create_authn_response(
                identity,
                in_response_to=in_response_to,
                destination=destination,
                sp_entity_id=audience,
                name_id=name_id,
                authn={"class_ref": PASSWORD, "authn_auth": self.base},
                sign_response=sign in ("response", "both"),
                sign_assertion=sign in ("assertion", "both"),
                encrypt_assertion=encrypt,
                encrypt_assertion_self_contained=True,
                encrypt_cert_assertion=cert if encrypt else None,
                session_not_on_or_after=None,
                sign_alg=SIG_RSA_SHA1 if knobs.get("alg") == "sha1" else SIG_RSA_SHA256,
                digest_alg=DIGEST_SHA1 if knobs.get("alg") == "sha1" else DIGEST_SHA256,
            )
        xml = str(response)
        self.record(
            {
                "kind": "Response",
                "sp": sp_entity_id,
                "user": user,
                "encrypted": "EncryptedAssertion" in xml,
                "signed": sign,
            }
        )
        cheat = knobs.get("cheat")
        if cheat:
            xml = cheated(xml, cheat)
        return base64.b64encode(xml.encode()).decode(), sp["acs"]

    def record(self, entry):
        with self.lock, open(os.path.join(self.state_dir, "log.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    def form(self, saml_response, acs, relay_state):
        fields = f'<input type="hidden" name="SAMLResponse" value="{saml_response}"/>'
        if relay_state:
            fields += f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}"/>'
        return f"""<!doctype html><html><head><title>Signing you in</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="{html.escape(acs)}">
{fields}<noscript><button type="submit">Continue</button></noscript></form></body></html>"""


def forged_name(root):
    for name_id in root.iter(f"{{{SAML}}}NameID"):
        name_id.text = "mallory@corp.example"


def cheated(xml, cheat):
    """The signed document `xml`, tampered as `cheat` says."""
    if cheat == "oversized":
        end = xml.rindex("</")
        return xml[:end] + " " * 120000 + xml[end:]
    if cheat == "xxe":
        body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
        return ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                + body.replace("<saml:Audience>", "<saml:Audience>&xxe;", 1).replace("<ns1:Audience>", "<ns1:Audience>&xxe;", 1))
    if cheat == "billion-laughs":
        body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
        entities = '<!ENTITY l0 "ha">' + "".join(
            f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
        return f'<?xml version="1.0"?><!DOCTYPE r [{entities}]>' + body
    root = etree.fromstring(xml.encode())
    assertion = root.find(f"{{{SAML}}}Assertion")
    if cheat == "comment-in-name-id":
        name_id = assertion.find(f"{{{SAML}}}Subject/{{{SAML}}}NameID")
        text = name_id.text
        name_id.text = text.split("@")[0]
        comment = etree.Comment("")
        comment.tail = "@" + text.split("@", 1)[1]
        name_id.append(comment)
        return etree.tostring(root).decode()
    if cheat == "edited-after-signing":
        forged_name(assertion)
        return etree.tostring(root).decode()
    if cheat in ("xsw-response-in-signature", "xsw-response-sibling"):
        original = copy.deepcopy(root)
        forged = root
        forged.set("ID", "_forged" + forged.get("ID"))
        forged_name(forged)
        signature = forged.find(f"{{{DS}}}Signature")
        if cheat == "xsw-response-in-signature":
            obj = etree.SubElement(signature, f"{{{DS}}}Object")
            obj.append(original)
        else:
            signature.addnext(original)
        return etree.tostring(forged).decode()
    # The assertion-level wrappings: the signed assertion kept, a forged one read first.
    forged = copy.deepcopy(assertion)
    forged.set("ID", "_forged" + assertion.get("ID"))
    forged_name(forged)
    forged_signature = forged.find(f"{{{DS}}}Signature")
    if cheat == "xsw-assertion-before":
        if forged_signature is not None:
            forged.remove(forged_signature)
        assertion.addprevious(forged)
    elif cheat == "xsw-assertion-wrapping":
        if forged_signature is not None:
            forged.remove(forged_signature)
        root.replace(assertion, forged)
        forged.append(assertion)
    elif cheat == "xsw-assertion-in-signature":
        root.replace(assertion, forged)
        signature = forged.find(f"{{{DS}}}Signature")
        obj = etree.SubElement(signature, f"{{{DS}}}Object")
        obj.append(assertion)
    elif cheat == "xsw-assertion-in-extensions":
        if forged_signature is not None:
            forged.remove(forged_signature)
        extensions = etree.Element(f"{{{SAMLP}}}Extensions")
        root.replace(assertion, forged)
        forged.addprevious(extensions)
        extensions.append(assertion)
    else:
        raise ValueError(f"unknown cheat {cheat}")
    return etree.tostring(root).decode()


class Handler(BaseHTTPRequestHandler):
    idp: IdP = None

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def record(self, entry):
        self.idp.record(entry)

    def query(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        try:
            if path == "/metadata":
                return self.send(200, self.idp.metadata, "application/samlmetadata+xml")
            if path == "/log":
                log = os.path.join(self.idp.state_dir, "log.jsonl")
                return self.send(200, open(log).read() if os.path.exists(log) else "", "text/plain")
            if path == "/sso":
                return self.sso(self.query())
            if path == "/init":
                return self.init(self.query())
            if path == "/slo":
                return self.slo(self.query())
            self.send(404, "not found", "text/plain")
        except Exception as error:  # the tests read what went wrong
            self.send(400, f"{type(error).__name__}: {error}", "text/plain")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        try:
            if path == "/sp":
                sp = json.loads(body)
                self.idp.register(
                    sp["entity_id"],
                    sp["acs"],
                    sp["slo"],
                    sp["certificate"],
                    sp.get("encryption_certificate"),
                )
                return self.send(204, b"")
            if path == "/login":
                return self.answer(dict(urllib.parse.parse_qsl(body)))
            self.send(404, "not found", "text/plain")
        except Exception as error:
            self.send(400, f"{type(error).__name__}: {error}", "text/plain")

    def sso(self, query):
        request = self.idp.server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        message = request.message
        self.record(
            {
                "kind": "AuthnRequest",
                "id": message.id,
                "issuer": message.issuer.text,
                "acs": message.assertion_consumer_service_url,
                "destination": message.destination,
                "signed": "Signature" in query,
                "sig_alg": query.get("SigAlg"),
                "relay_state": query.get("RelayState"),
            }
        )
        if "as" in query:
            return self.answer({**query, "user": query["as"]})
        knobs = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}"/>'
            for k, v in query.items()
        )
        self.send(
            200,
            f"""<!doctype html><html><head><title>Corp sign-in</title></head><body>
<h1>Corp sign-in</h1><form method="post" action="/login">{knobs}
<label for="user">Corp username</label><input id="user" name="user" autocomplete="username"/>
<button type="submit">Sign in to Corp</button></form></body></html>""",
        )

    def answer(self, fields):
        request = self.idp.server.parse_authn_request(fields["SAMLRequest"], BINDING_HTTP_REDIRECT)
        message = request.message
        saml_response, acs = self.idp.response(
            fields["user"], message.issuer.text, message.id, fields.get("RelayState"), fields
        )
        if fields.get("raw") == "1":
            return self.send(200, saml_response, "text/plain")
        self.send(200, self.idp.form(saml_response, acs, fields.get("RelayState")))

    def init(self, query):
        saml_response, acs = self.idp.response(query["as"], query["sp"], None, None, query)
        if query.get("raw") == "1":
            return self.send(200, saml_response, "text/plain")
        self.send(200, self.idp.form(saml_response, acs, query.get("relay_state")))

    def slo(self, query):
        request = self.idp.server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        message = request.message
        self.record(
            {
                "kind": "LogoutRequest",
                "id": message.id,
                "issuer": message.issuer.text,
                "name_id": message.name_id.text if message.name_id else None,
                "session_index": [s.text for s in message.session_index],
                "signed": "Signature" in query,
            }
        )
        sp = self.idp.sps[message.issuer.text]
        response = self.idp.server.create_logout_response(message, [BINDING_HTTP_REDIRECT])
        args = self.idp.server.apply_binding(
            BINDING_HTTP_REDIRECT, str(response), sp["slo"], query.get("RelayState"), response=True
        )
        location = dict(args["headers"])["Location"]
        self.send(302, b"", headers=[("Location", location)])


def main():
    port, state_dir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(state_dir, exist_ok=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.idp = IdP(base, state_dir)
    print(f"listening on 127.0.0.1:{httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
