/** Why an action failed, read out at once by screen readers; nothing while there is no failure. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="alert" className="text-sm text-rose-700">
      {message}
    </p>
  ) : null;
}
