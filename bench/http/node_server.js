// The Node.js peer of examples/http-server/server.c: the same status codes,
// content types and bodies for GET / , /hello?name=, /stats and 404 (bench/http/run.py
// checks that before timing). Node adds its own Date/Keep-Alive headers.
// Usage: node node_server.js PORT   (listens on 127.0.0.1 only)
'use strict';
const http = require('http');

const kIndex =
  '<!doctype html>\n<html><head><title>wasmc http-server</title></head>\n' +
  '<body><h1>Hello from wasmc</h1>\n' +
  '<p>This server is a WebAssembly module compiled ahead of time by wasmc.\n' +
  'It can accept connections on the socket its manifest grants, and nothing else.</p>\n' +
  '<p>Try <a href="/hello?name=you">/hello?name=you</a>.</p>\n' +
  '</body></html>\n';

let requests = 0, connections = 0;

// Same filtering as QueryParam() in server.c: '+' is a space, %XX decoded,
// printable ASCII except < > & kept, at most 64 bytes.
function queryName(query) {
  for (const part of query.split('&')) {
    if (!part.startsWith('name=')) continue;
    const v = part.slice(5);
    let out = '';
    for (let j = 0; j < v.length; ++j) {
      let c = v.charCodeAt(j);
      if (c === 43) c = 32;
      else if (c === 37 && j + 2 < v.length && /^[0-9a-fA-F]{2}$/.test(v.substr(j + 1, 2))) {
        c = parseInt(v.substr(j + 1, 2), 16);
        j += 2;
      }
      if (c >= 0x20 && c < 0x7f && c !== 60 && c !== 62 && c !== 38 && out.length < 64) out += String.fromCharCode(c);
    }
    return out;
  }
  return '';
}

function send(res, status, type, body, head) {
  res.writeHead(status, {'Server': 'wasmc-http', 'Content-Type': type, 'Content-Length': Buffer.byteLength(body)});
  res.end(head ? undefined : body);
}

const server = http.createServer((req, res) => {
  const isGet = req.method === 'GET', isHead = req.method === 'HEAD';
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  ++requests;
  if (!isGet && !isHead) {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'text/plain', 'method not allowed\n', false);
  } else if (path === '/') {
    send(res, 200, 'text/html', kIndex, isHead);
  } else if (path === '/hello') {
    const name = (q < 0 ? '' : queryName(req.url.slice(q + 1))) || 'world';
    send(res, 200, 'text/plain', `Hello, ${name}!\n`, isHead);
  } else if (path === '/stats') {
    send(res, 200, 'text/plain', `requests ${requests}\nconnections ${connections}\n`, isHead);
  } else {
    send(res, 404, 'text/plain', 'not found\n', isHead);
  }
});
server.on('connection', () => { ++connections; });
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[2] || 8080), '127.0.0.1', () => {
  console.log(`node-server: listening on 127.0.0.1:${server.address().port}`);
});
