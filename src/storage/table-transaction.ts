// Entity-group transactions sent as one batch request built here, through the table client's own pipeline.
//
// The SDK's submitTransaction runs every operation of a batch through its whole request pipeline (serialisation,
// tracing, a client made per transaction) only to collect its text; on a 100-operation import batch that is most of
// the batch's CPU. This builds the same multipart body directly, in the wire format the SDK writes, and sends it
// through the client's pipeline, so signing, retries and the service's answers stay the SDK's. The response is read
// as the SDK reads it: an error of the service, or of the failing operation ("3:The specified entity already
// exists."), becomes a RestError with its status.
import { randomUUID } from 'node:crypto';
import type { TableClient, TableTransactionResponse, TransactionAction } from '@azure/data-tables';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

const crlf = '\r\n';
/** One HTTP client for every batch, as a table client keeps one for its own requests. */
const httpClient = createDefaultHttpClient();

/**
 * An entity's properties as the service reads them. Rows come from `toEntity` (entity-codec.ts): strings, numbers
 * and booleans as they are, and typed values (`{ value, type: 'Double' }`) with an `@odata.type` beside them.
 */
function serialize(entity: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    const property = name === 'partitionKey' ? 'PartitionKey' : name === 'rowKey' ? 'RowKey' : name;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[property] = value;
    else if (typeof value === 'object' && value !== null && 'value' in value && 'type' in value) {
      out[property] = value.value;
      out[`${property}@odata.type`] = `Edm.${String(value.type)}`;
    } else throw new Error(`Property "${name}" has a type a table entity cannot hold`);
  }
  return JSON.stringify(out);
}

/** The address of one entity, quotes doubled as OData wants them, then encoded for the URL. */
const entityUrl = (tableUrl: string, partitionKey: string, rowKey: string) =>
  `${tableUrl}(PartitionKey='${encodeURIComponent(partitionKey.replace(/'/g, "''"))}',RowKey='${encodeURIComponent(rowKey.replace(/'/g, "''"))}')`;

/** One operation as a part of the changeset: request line, headers, a blank line, the body. */
function operationPart(changeset: string, tableUrl: string, action: TransactionAction): string {
  const [kind, entity] = action;
  const lines = [`--${changeset}`, 'content-type: application/http', 'content-transfer-encoding: binary', ''];
  let body = '';
  if (kind === 'create') {
    lines.push(
      `POST ${tableUrl} HTTP/1.1`,
      'Content-Type: application/json;odata=nometadata',
      'Accept: application/json;odata=minimalmetadata',
      'DataServiceVersion: 3.0',
      'Prefer: return-no-content',
    );
    body = serialize(entity);
  } else if (kind === 'delete') {
    lines.push(
      `DELETE ${entityUrl(tableUrl, entity.partitionKey, entity.rowKey)} HTTP/1.1`,
      'Accept: application/json;odata=minimalmetadata',
      'DataServiceVersion: 3.0',
      'If-Match: *',
    );
  } else {
    const mode = action[2] ?? 'Merge';
    // Only whole-entity replaces are sent this way: a merge is a PATCH, which Cosmos DB wants rewritten.
    if (mode !== 'Replace') throw new Error(`Transactions here replace whole entities; "${mode}" is not supported`);
    lines.push(
      `PUT ${entityUrl(tableUrl, entity.partitionKey, entity.rowKey)} HTTP/1.1`,
      'Content-Type: application/json',
      'DataServiceVersion: 3.0',
      'Accept: application/json',
    );
    const etag = kind === 'update' ? action[3]?.etag : undefined;
    if (etag) lines.push(`If-Match: ${etag}`);
    body = serialize(entity);
  }
  lines.push('', '');
  if (body) lines.push(body);
  return lines.join(crlf);
}

/** The service's error, from an odata.error body (the whole response's, or one operation's). */
function restError(text: string, status: number, response: PipelineResponse): RestError {
  let parsed: { 'odata.error'?: { code?: string; message?: { value?: string } } } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON: the status says what happened.
  }
  const error = parsed['odata.error'];
  return new RestError(error?.message?.value ?? 'Transaction Failed', {
    code: error?.code,
    statusCode: status,
    request: response.request,
    response,
  });
}

/** Statuses and ETags of the operations, in their order; throws the error of a failed operation. */
function readResponse(response: PipelineResponse): TableTransactionResponse {
  const text = response.bodyAsText ?? '';
  if (response.status < 200 || response.status >= 300) throw restError(text, response.status, response);
  const parts = text.split('--changesetresponse_').slice(1, -1);
  const subResponses = parts.map((part) => {
    const status = Number(/HTTP\/1\.1 (\d+)/.exec(part)?.[1]);
    if (!Number.isInteger(status)) throw new Error(`A transaction's answer has a part without a status:\n${part.slice(0, 500)}`);
    const body = /\{(.*)\}/.exec(part);
    if (body) throw restError(body[0], status, response);
    const etag = /ETag: (.*)/.exec(part)?.[1];
    const rowKey = /RowKey='(.*)'/.exec(part)?.[1];
    return { status, ...(rowKey === undefined ? {} : { rowKey }), ...(etag === undefined ? {} : { etag }) };
  });
  return { status: response.status, subResponses, getResponseForEntity: (rowKey) => subResponses.find((sub) => sub.rowKey === rowKey) };
}

/**
 * Submits the actions, all of one partition, as one atomic transaction of `client`'s table.
 * @example await submitTransaction(accountsTable, [['create', { partitionKey, rowKey, name }]]);
 */
export async function submitTransaction(client: TableClient, actions: readonly TransactionAction[]): Promise<TableTransactionResponse> {
  if (actions.length === 0) throw new Error('A transaction needs at least one action');
  const partitionKey = actions[0]![1].partitionKey;
  if (actions.some(([, entity]) => entity.partitionKey !== partitionKey))
    throw new Error('All operations in a transaction must target the same partitionKey');
  // A SAS connection string puts its token in the client's URL: it belongs after `$batch`, and not in the operations.
  const [base = '', query] = client.url.split('?');
  const accountUrl = base.endsWith('/') ? base.slice(0, -1) : base;
  const tableUrl = `${accountUrl}/${client.tableName}`;
  const batch = `batch_${randomUUID()}`;
  const changeset = `changeset_${randomUUID()}`;
  const body = [
    `--${batch}${crlf}content-type: multipart/mixed; boundary=${changeset}${crlf}${crlf}`,
    ...actions.map((action) => operationPart(changeset, tableUrl, action)),
  ].join(crlf);
  const request = createPipelineRequest({
    url: `${accountUrl}/$batch${query === undefined ? '' : `?${query}`}`,
    method: 'POST',
    body: `${body}${crlf}--${changeset}--${crlf}--${batch}--${crlf}`,
    headers: createHttpHeaders({
      accept: 'application/json',
      'x-ms-version': '2019-02-02',
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=${batch}`,
      'Accept-Charset': 'UTF-8',
      Connection: 'Keep-Alive',
    }),
    allowInsecureConnection: accountUrl.startsWith('http:'),
  });
  return readResponse(await client.pipeline.sendRequest(httpClient, request));
}
