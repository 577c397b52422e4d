// Start-up cannot go on until the operator fixes something outside planbot (Redis unreachable,
// another replica already polling the bot): exit code 3. The class lives with the others in errors.ts.
export { NotReadyError } from "../errors.js";
