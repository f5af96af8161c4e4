// An edge precheck built on the package: POST a certificate (XML or JSON), get its report.
// 200 valid, 422 invalid, 413 over the size limit, 415 not XML or JSON, 405 not a POST.
import { validate } from './pkg/worker.js';

const MAX_BYTES = 5 * 1024 * 1024;
const TYPES = new Set(['application/xml', 'text/xml', 'application/json']);

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return new Response('POST an e-Form D (XML or JSON)\n', { status: 405, headers: { allow: 'POST' } });
    }
    const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!TYPES.has(type)) {
      return Response.json({ error: 'unsupported media type', accepted: [...TYPES] }, { status: 415 });
    }
    // The body is read before the size is judged: answering 413 before a client has finished sending
    // makes most clients see a reset connection instead of the answer. The validator refuses an
    // oversized body by its length, without copying it into the module.
    const report = validate(await request.arrayBuffer(), { limits: { maxBytes: MAX_BYTES } });
    if (report.findings.some((f) => f.code === 'limit.size')) {
      return Response.json(report, { status: 413 });
    }
    return Response.json(report, { status: report.valid ? 200 : 422 });
  },
};
