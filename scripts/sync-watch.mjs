// Watches a user's live sync events: node --experimental-websocket scripts/sync-watch.mjs <token> [deviceId] [cursor] [ws://host:port/sync]
// (Node 22+ needs no flag.) Prints every message the server sends, one JSON per line.
const [token, deviceId = 'watch-cli', cursor = '0', url = 'ws://localhost:3000/sync'] = process.argv.slice(2);
if (!token) {
  console.error('usage: node --experimental-websocket scripts/sync-watch.mjs <accessToken> [deviceId] [cursor] [url]');
  process.exit(2);
}
const socket = new WebSocket(url);
socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', token, deviceId, cursor: Number(cursor) }));
socket.onmessage = (event) => console.log(event.data);
socket.onclose = (event) => {
  console.error(`closed: ${event.code} ${event.reason}`);
  process.exit(event.code === 1000 ? 0 : 1);
};
