#!/usr/bin/env node
// Validates a SARIF file against the official SARIF 2.1.0 (rtm.5) JSON schema, as shipped by Microsoft in
// @microsoft/jest-sarif. Exit 0 when valid; 1 with the schema errors on stderr otherwise; 2 on bad usage.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

if (process.argv.length !== 3) {
  console.error('usage: validate-sarif.js FILE.sarif');
  process.exit(2);
}

// The schema is draft-04 ("id" rather than "$id"); ajv 6 needs the draft-04 meta-schema for it.
const ajv = new Ajv({ schemaId: 'id', allErrors: true, unknownFormats: 'ignore', logger: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);
const log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (!validate(log)) {
  console.error(JSON.stringify(validate.errors, null, 2));
  process.exit(1);
}
console.log('valid SARIF 2.1.0');
