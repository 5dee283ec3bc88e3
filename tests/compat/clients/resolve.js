// Preloaded with `node -r`: resolves rest.akismet.com and KEY.rest.akismet.com to 127.0.0.1,
// as /etc/hosts would (Node has no proxy setting); akismet-api itself is unmodified.
const dns = require('dns')
const original = dns.lookup
dns.lookup = function (hostname, options, callback) {
  if (/(^|\.)rest\.akismet\.com$/.test(hostname)) {
    const cb = typeof options === 'function' ? options : callback
    const all = typeof options === 'object' && options !== null && options.all
    return process.nextTick(() => all ? cb(null, [{ address: '127.0.0.1', family: 4 }])
      : cb(null, '127.0.0.1', 4))
  }
  return original.apply(this, arguments)
}
