// Prints the bcrypt hash of a password as @socket.io/admin-ui's own dependency (bcryptjs) makes it, so that
// Parley is tested with the hashes its users make for the Node package.
// Usage: node bcrypt-hash.mjs <password> [cost]
import bcrypt from 'bcryptjs';

const [password, cost = '4'] = process.argv.slice(2);
process.stdout.write(`${bcrypt.hashSync(password, Number(cost))}\n`);
