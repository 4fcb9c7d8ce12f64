// A small SMTP server on loopback for the notification tests: it speaks
// enough of RFC 5321 for libcurl (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
// keeps every message it received whole, and can be told to go silent after
// the next message's final dot, as a server whose answer is lost.

import net from 'node:net';

export async function startSink() {
  const sink = {
    messages: [], // { from, to: [..], data }
    stallNext: false, // receive the next message, then never answer
    sockets: new Set(),
  };
  const server = net.createServer((sock) => {
    sink.sockets.add(sock);
    sock.on('close', () => sink.sockets.delete(sock));
    sock.on('error', () => {});
    let buf = '';
    let inData = false;
    let msg = null;
    const reply = (s) => sock.write(s + '\r\n');
    reply('220 sink ESMTP');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          msg.data += buf.slice(0, end + 2);
          buf = buf.slice(end + 5);
          inData = false;
          msg.data = msg.data.replace(/^\.\./gm, '.');
          sink.messages.push(msg);
          if (sink.stallNext) {
            sink.stallNext = false;
            msg.stalled = true;
            return; // silence: the sender never hears the answer
          }
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') sock.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') reply('250 sink');
        else if (verb === 'MAIL') {
          msg = { from: line.replace(/^MAIL FROM:\s*/i, ''), to: [], data: '' };
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          msg.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1'));
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          sock.end();
        } else reply('502 5.5.2 not here');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = server.address().port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.close = () => {
    for (const s of sink.sockets) s.destroy();
    server.close();
  };
  return sink;
}

/** A header of a raw message, unfolded; RFC 2047 base64 words decoded. */
export function header(data, name) {
  const head = data.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(head);
  if (!m) return null;
  return m[1].replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8')).trim();
}

/** The decoded text of the part of a multipart message with content type type. */
export function part(data, type) {
  const b = /boundary="([^"]+)"/.exec(data);
  if (!b) return null;
  for (const p of data.split('--' + b[1])) {
    if (new RegExp(`Content-Type: ${type}`, 'i').test(p)) {
      const body = p.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\s+/g, '');
      return Buffer.from(body, 'base64').toString('utf8');
    }
  }
  return null;
}
