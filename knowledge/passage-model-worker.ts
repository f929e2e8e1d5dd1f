/**
 * Trains a passage model in a worker thread (`PassageModel.trainAside`): the examples come in as
 * `workerData`, the model goes back as plain data, its typed arrays moved rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PassageModel } from './passage-model.js';

const data = PassageModel.train(workerData as string[][]).toData();
parentPort!.postMessage(data, [data.pairs.buffer, data.offsets.buffer, data.passages.buffer, data.counts.buffer, data.norm.buffer] as ArrayBuffer[]);
