/**
 * Jobs on DynamoDB (rules in sdk/store/jobs.ts): every job is an item of the `JOBS` partition
 * keyed by its time-ordered id (so a page of jobs, newest first, is one Query), its record as
 * JSON beside its `version`; an active (PENDING or RUNNING) job also has a pointer item in
 * `JOBSACTIVE`, so a claim reads the few active jobs, not every job ever run. Outcomes live in
 * the job's own partition `JOB#<jobId>` under `OUT#<seq>`. A swap is one TransactWriteItems: the
 * job conditioned on its version, its pointer, and the new outcomes.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { StoreError, type JobOutcome, type JobRecord, type JobStore } from "../types";
import { jobStoreOver, type JobTable } from "../jobs";
import { JOBS_ACTIVE_PK, JOBS_PK, jobOutcomeSk, jobPk } from "./keys";
import { batchDelete, batchGet, cancellationReasons, queryPages, withRetry, type Dynamo, type Item } from "./requests";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

const isActive = (job: JobRecord) => job.status === "PENDING" || job.status === "RUNNING";
const parse = (item: Item) => JSON.parse(item.record as string) as JobRecord;

export function dynamoJobs(db: Dynamo): JobStore {
  const jobItem = (job: JobRecord) => ({ pk: JOBS_PK, sk: job.jobId, version: job.version, record: JSON.stringify(job) });
  const pointer = (job: JobRecord): TransactItem =>
    isActive(job)
      ? { Put: { TableName: db.table, Item: { pk: JOBS_ACTIVE_PK, sk: job.jobId } } }
      : { Delete: { TableName: db.table, Key: { pk: JOBS_ACTIVE_PK, sk: job.jobId } } };
  const outcomeItem = (o: JobOutcome): TransactItem => ({
    Put: {
      TableName: db.table,
      Item: { pk: jobPk(o.jobId), sk: jobOutcomeSk(o.seq), record: JSON.stringify(o) },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  });
  const write = (items: TransactItem[]) => withRetry(() => db.doc.send(new TransactWriteCommand({ TransactItems: items })));

  const table: JobTable = {
    async get(jobId) {
      const out = await withRetry(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: JOBS_PK, sk: jobId }, ConsistentRead: true })));
      return out.Item ? parse(out.Item as Item) : undefined;
    },

    async list(limit, beforeJobId) {
      const { items } = await queryPages(
        db,
        {
          KeyConditionExpression: beforeJobId === undefined ? "pk = :pk" : "pk = :pk AND sk < :before",
          ExpressionAttributeValues: { ":pk": JOBS_PK, ...(beforeJobId !== undefined && { ":before": beforeJobId }) },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit,
        },
        (found) => found.length >= limit,
      );
      return items.slice(0, limit).map(parse);
    },

    async active() {
      const { items } = await queryPages(db, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": JOBS_ACTIVE_PK },
        ConsistentRead: true,
      });
      const ids = items.map((item) => item.sk as string);
      const found = await batchGet(db, ids.map((sk) => ({ pk: JOBS_PK, sk })));
      return [...found.values()].map(parse).filter(isActive).sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
    },

    async insert(job) {
      const put: TransactItem = { Put: { TableName: db.table, Item: jobItem(job), ConditionExpression: "attribute_not_exists(pk)" } };
      try {
        await write(isActive(job) ? [put, pointer(job)] : [put]);
      } catch (error) {
        if (cancellationReasons(error)?.[0]?.Code === "ConditionalCheckFailed") throw new StoreError("CONFLICT", `job ${job.jobId} already exists`);
        throw error;
      }
    },

    async swap(next, expectedVersion, outcomes) {
      const put: TransactItem = {
        Put: { TableName: db.table, Item: jobItem(next), ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } },
      };
      try {
        await write([put, pointer(next), ...outcomes.map(outcomeItem)]);
        return true;
      } catch (error) {
        if (cancellationReasons(error)?.[0]?.Code === "ConditionalCheckFailed") return false;
        throw error;
      }
    },

    async listOutcomes(jobId, afterSeq, limit) {
      const { items } = await queryPages(
        db,
        {
          KeyConditionExpression: "pk = :pk AND sk > :after",
          ExpressionAttributeValues: { ":pk": jobPk(jobId), ":after": jobOutcomeSk(afterSeq) },
          ConsistentRead: true,
          Limit: limit,
        },
        (found) => found.length >= limit,
      );
      return items.slice(0, limit).map((item) => JSON.parse(item.record as string) as JobOutcome);
    },

    async remove(jobId) {
      const { items } = await queryPages(db, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": jobPk(jobId) },
        ProjectionExpression: "pk, sk",
        ConsistentRead: true,
      });
      await batchDelete(db, items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
      await batchDelete(db, [{ pk: JOBS_PK, sk: jobId }]);
    },
  };
  return jobStoreOver(table);
}
