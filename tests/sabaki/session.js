// Drives `tengen gtp` with Sabaki's own GTP client (@sabaki/gtp): a full 9x9 game by genmove, then
// lz-analyze for about a second, its info lines parsed the way Sabaki reads them (split on "info",
// key/value pairs, the principal variation last). Exits non-zero with a message on any problem.
// Usage: node session.js /path/to/tengen
const {Controller} = require('@sabaki/gtp')

const vertex = /^(pass|resign|[A-HJ-T](1[0-9]|[1-9]))$/i

function fail(message) {
  console.error('FAIL: ' + message)
  process.exit(1)
}

// Sabaki's reading of one lz-analyze line: every "info" chunk is "key value ... pv V V V".
function parseAnalysis(line) {
  return line
    .split(/\s*info\s+/)
    .slice(1)
    .map(chunk => {
      const [head, pv] = chunk.split(/\s+pv\s+/)
      const tokens = head.trim().split(/\s+/)
      const entry = {pv: (pv || '').trim().split(/\s+/).filter(x => x)}
      for (let i = 0; i + 1 < tokens.length; i += 2) entry[tokens[i]] = tokens[i + 1]
      return entry
    })
}

async function main() {
  const tengen = process.argv[2]
  const engine = new Controller(tengen, ['gtp', '--boardsize', '9', '--move-time', '0.2', '--threads', '1', '--quiet'])
  engine.start()
  const send = async (name, args = []) => {
    const r = await engine.sendCommand({name, args})
    if (r.error) fail(`${name} ${args.join(' ')} -> ? ${r.content}`)
    return r.content
  }
  if ((await send('protocol_version')) !== '2') fail('protocol_version is not 2')
  await send('komi', ['7'])
  let passes = 0, moves = 0, over = false
  while (!over && moves < 200) {
    const colour = moves % 2 === 0 ? 'B' : 'W'
    const move = await send('genmove', [colour])
    if (!vertex.test(move)) fail(`genmove ${colour} answered '${move}'`)
    moves++
    if (move.toLowerCase() === 'resign') over = true
    passes = move.toLowerCase() === 'pass' ? passes + 1 : 0
    if (passes === 2) over = true
  }
  if (!over) fail(`no end after ${moves} moves`)
  const score = await send('final_score')
  if (!/^(B\+|W\+|0$)/.test(score)) fail(`final_score '${score}'`)
  console.log(`game over after ${moves} moves, final_score ${score}`)

  // Analysis of a fresh position for about a second, stopped by the next command as Sabaki does.
  await send('clear_board')
  const lines = []
  const analysis = engine.sendCommand({name: 'lz-analyze', args: ['B', '20']}, ({line}) => {
    if (line.startsWith('info')) lines.push(line)
  })
  await new Promise(resolve => setTimeout(resolve, 1000))
  await send('name')
  const response = await analysis
  if (response.error) fail('lz-analyze failed: ' + response.content)
  if (lines.length === 0) fail('lz-analyze sent no info lines')
  for (const line of lines) {
    const entries = parseAnalysis(line)
    if (entries.length === 0) fail('unparsable: ' + line)
    for (const e of entries) {
      if (!vertex.test(e.move)) fail('bad move in: ' + line)
      if (!(+e.visits > 0)) fail('bad visits in: ' + line)
      if (!(+e.winrate >= 0 && +e.winrate <= 10000)) fail('bad winrate in: ' + line)
      if (e.prior === undefined || e.pv.length === 0 || e.pv[0] !== e.move) fail('bad prior or pv in: ' + line)
    }
  }
  console.log(`lz-analyze: ${lines.length} info lines, best ${parseAnalysis(lines[lines.length - 1])[0].move}`)
  await engine.stop()
}

main().catch(err => fail(err.stack || String(err)))
