// A WebSocket client that only holds its connection: it prints "open", then nothing more is asked of it. The
// drain test freezes it (SIGSTOP), so that the server's close frame is never answered.
// Usage: node ws-hold.mjs <ws-url>
import WebSocket from 'ws';

const [url] = process.argv.slice(2);
const socket = new WebSocket(url);
socket.on('open', () => console.log('open'));
socket.on('close', (code) => console.log(`close ${code}`));
socket.on('error', (error) => console.log(`error ${error.message}`));
