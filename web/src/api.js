// Thin client for the dyad HTTP API (docs/api.md). Every call returns parsed JSON or throws
// an Error carrying the server's {"error": ...} message.

export const FILTER_KEYS = ['actor', 'recipient', 'country', 'event', 'cameo', 'from', 'to', 'text',
  'segment', 'include_negated', 'bbox', 'doc'];

/// Query string for the non-empty filters plus extra parameters.
export function queryString(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function getJson(path, signal) {
  const response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

export const api = {
  health: (signal) => getJson('api/health', signal),
  events: (filters, page, signal) => getJson(`api/events${queryString(filters, page)}`, signal),
  event: (id, signal) => getJson(`api/events/${encodeURIComponent(id)}`, signal),
  timeline: (filters, options, signal) => getJson(`api/timeline${queryString(filters, options)}`, signal),
  dyads: (filters, options, signal) => getJson(`api/dyads${queryString(filters, options)}`, signal),
  places: (filters, options, signal) => getJson(`api/places${queryString(filters, options)}`, signal),
  document: (id, signal) => getJson(`api/documents/${encodeURIComponent(id)}`, signal),
};
