/** The command `npm start` runs, as arguments to this Node (tools/processes.ts). */
export { startArgv } from "../../tools/processes";
