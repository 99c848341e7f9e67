// Builds domain/data/common-passwords.bin, threat protection's built-in corpus of breached
// passwords: the common-password list of the npm package @zxcvbn-ts/language-common (the
// passwords seen most often in public breaches, lower-cased), each as the first 8 bytes of
// the SHA-1 of its UTF-8, sorted, so that Cognate searches it in place. Run it again (with
// the package installed where Node finds it) to rebuild the file; the same package
// version gives the same bytes.
//
//   npm install --no-save @zxcvbn-ts/language-common@4.1.3 && node scripts/common-passwords.mjs
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { dictionary } = require("@zxcvbn-ts/language-common");
const words = dictionary["passwords-common"];
const prefixes = new Set();
for (const word of words) {
  const digest = createHash("sha1").update(word.toLowerCase(), "utf8").digest();
  prefixes.add(digest.subarray(0, 8).toString("hex"));
}
const sorted = [...prefixes].sort();
const out = Buffer.alloc(sorted.length * 8);
sorted.forEach((hex, i) => out.write(hex, i * 8, "hex"));
const target = new URL("../domain/data/common-passwords.bin", import.meta.url);
writeFileSync(target, out);
console.log(`${sorted.length} passwords written to ${target.pathname}`);
