/** One DynamoDB update expression per counter key: `ADD field :n, …` (atomic, no lost increments). */
import type { CounterDelta } from '#domain/counters';

export function counterUpdate(tableName: string, delta: CounterDelta) {
  const fields = Object.entries(delta.add);
  return {
    TableName: tableName,
    Key: { pk: delta.pk, sk: delta.sk },
    UpdateExpression: `ADD ${fields.map((_, i) => `#f${i} :v${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(fields.map(([, n], i) => [`:v${i}`, n])),
  };
}
