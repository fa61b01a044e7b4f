/** The order-processing input every journey and the seeded demo use (one shape in one place). */
export const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  customerId: "cust-42",
  items: [
    { sku: "KB-01", quantity: 1, unitPrice: 89.5 },
    { sku: "MS-02", quantity: 2, unitPrice: 24.99 },
  ],
  holdSeconds: 1,
  ...extra,
});
