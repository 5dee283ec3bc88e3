// npm's akismet-api, unmodified, with its documented `host` option: verify-key,
// comment-check (ham, spam), submit-spam. Usage: node -r ./resolve.js akismet_api.js KEY BLOG HOST
const { AkismetClient } = require('akismet-api')

async function main () {
  const [key, blog, host] = process.argv.slice(2)
  const client = new AkismetClient({ key, blog, host })
  console.log(`verify=${(await client.verifyKey()) ? 'valid' : 'invalid'}`)
  const who = { ip: '203.0.113.7', useragent: 'Mozilla/5.0', name: 'Olena' }
  console.log(`ham=${await client.checkSpam({ ...who, content: 'Thank you for the timeline.' })}`)
  console.log(`spam=${await client.checkSpam({ ...who, content: 'Win at casino-bonus now' })}`)
  await client.submitSpam({ ...who, content: 'Node-reported casino-bonus' })
  console.log('submit=ok')
}

main().catch((err) => { console.log(`error=${err.message}`); process.exit(1) })
