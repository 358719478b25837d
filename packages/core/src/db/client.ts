import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";

/**
 * The one DynamoDB client and table name, built from SST's linked `Table`. The SDK reads
 * `AWS_ENDPOINT_URL_DYNAMODB`, which is how the local stack points it at DynamoDB Local.
 */
export const dynamo = new DynamoDBClient({});
export const documentClient = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});

export function tableName(): string {
  return Resource.Table.name;
}
