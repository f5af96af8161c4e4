'use strict';
// Node, CommonJS: the module is compiled and instantiated synchronously at require; no init call.
const api = require('./api.cjs');

module.exports = {
  validate: api.validate,
  rules: api.rules,
  version: api.version,
  init: () => Promise.resolve(),
};
