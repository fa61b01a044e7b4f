/**
 * An order-processing input: the Start dialog's sample, the seeded demo's orders and the browser
 * journeys' orders all take this one shape. Holds one second unless told otherwise.
 */
export function sampleOrder(orderId: string, extra: Record<string, unknown> = {}) {
  return {
    orderId,
    customerId: "cust-42",
    items: [
      { sku: "KB-01", quantity: 1, unitPrice: 89.5 },
      { sku: "MS-02", quantity: 2, unitPrice: 24.99 },
    ],
    holdSeconds: 1,
    ...extra,
  };
}
