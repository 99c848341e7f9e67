// The identity pool journey with the AWS SDK for JavaScript v3, as a web app writes it:
// fromCognitoIdentityPool with the user's ID token, then S3 with the credentials it gets.
//
//   node js_checks.mjs STATE_DIR S3_URL
//
// Only the endpoints point at Cognate (clientConfig) and at SeaweedFS; nothing else differs
// from code written for AWS. Prints one line per check; a failure throws.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import assert from "node:assert/strict";

const [state, s3Url] = process.argv.slice(2);
const setup = JSON.parse(readFileSync(join(state, "setup.json"), "utf8"));
const region = "local";
const anonymous = { accessKeyId: "", secretAccessKey: "" };

const idp = new CognitoIdentityProviderClient({
  region,
  endpoint: setup.cognate,
  credentials: anonymous,
});
const signIn = async (name) => {
  const answer = await idp.send(
    new InitiateAuthCommand({
      ClientId: setup.client_id,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: name, PASSWORD: setup.password },
    }),
  );
  return answer.AuthenticationResult.IdToken;
};

const credentialsFor = (logins) =>
  fromCognitoIdentityPool({
    identityPoolId: setup.files_pool,
    logins,
    clientConfig: { region, endpoint: setup.cognate },
  });

const s3With = (credentials) =>
  new S3Client({ region: "us-east-1", endpoint: s3Url, forcePathStyle: true, credentials });

const ada = await signIn("ada");
const provider = credentialsFor({ [setup.provider]: ada });
const credentials = await provider();
assert.ok(credentials.identityId?.startsWith(`${region}:`), "an identity id");
assert.ok(credentials.expiration instanceof Date && credentials.expiration > new Date());
const again = await credentialsFor({ [setup.provider]: await signIn("ada") })();
assert.equal(again.identityId, credentials.identityId, "the same user, the same identity");
console.log(`same identity: ${credentials.identityId}`);

const s3 = s3With(provider);
const key = `private/${credentials.identityId}/from-js.txt`;
await s3.send(new PutObjectCommand({ Bucket: "files", Key: key, Body: "written from JS" }));
const read = await s3.send(new GetObjectCommand({ Bucket: "files", Key: key }));
assert.equal(await read.Body.transformToString(), "written from JS");
console.log("own folder: put and get");

const refused = async (promise) => {
  try {
    await promise;
  } catch (error) {
    return error.name;
  }
  throw new Error("the call succeeded");
};
assert.equal(
  await refused(s3.send(new PutObjectCommand({ Bucket: "files", Key: "root.txt", Body: "x" }))),
  "AccessDenied",
);
const bob = s3With(credentialsFor({ [setup.provider]: await signIn("bob") }));
assert.equal(await refused(bob.send(new GetObjectCommand({ Bucket: "files", Key: key }))), "AccessDenied");
console.log("another user's folder, the bucket root: AccessDenied");

const guest = s3With(credentialsFor(undefined));
const welcome = await guest.send(new GetObjectCommand({ Bucket: "files", Key: "public/welcome.txt" }));
assert.equal(await welcome.Body.transformToString(), "hello, everyone");
assert.equal(await refused(guest.send(new GetObjectCommand({ Bucket: "files", Key: key }))), "AccessDenied");
console.log("guest: reads public/ only");

const tampered = ada.slice(0, -4) + (ada.endsWith("AAAA") ? "BBBB" : "AAAA");
assert.equal(await refused(credentialsFor({ [setup.provider]: tampered })()), "NotAuthorizedException");
console.log("tampered token: NotAuthorizedException");
console.log("JS SDK: all checks passed");
