/** What an action did, announced politely by screen readers; nothing while there is nothing to say. */
export function FormNotice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="status" className="text-sm text-emerald-700">
      {message}
    </p>
  ) : null;
}
