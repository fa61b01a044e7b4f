import Link from "next/link";

/** Where a page sits: "Executions / order-processing". The last step is the page itself (no link needed). */
export function Breadcrumb({ trail }: { trail: Array<{ label: string; href?: string }> }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-zinc-500 dark:text-zinc-400">
      {trail.map((step, index) => (
        <span key={`${index}-${step.label}`}>
          {index > 0 ? (
            <span aria-hidden className="mx-1.5">
              /
            </span>
          ) : null}
          {step.href ? (
            <Link href={step.href} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
              {step.label}
            </Link>
          ) : (
            <span>{step.label}</span>
          )}
        </span>
      ))}
    </nav>
  );
}
