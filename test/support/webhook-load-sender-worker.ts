/** The thread `sendPlanInWorker` (webhook-load-plan.ts) starts: sends the plan and posts back every acknowledgement. */
import { parentPort, workerData } from 'node:worker_threads';
import { sendPlan, type LoadPlan } from './webhook-load-plan.ts';

const { url, plan } = workerData as { url: string; plan: LoadPlan };
parentPort?.postMessage(await sendPlan(url, plan));
