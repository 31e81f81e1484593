import { QueryClient } from '@tanstack/react-query';

/**
 * Refine's cache (TanStack Query), owned here so that a change of session can empty it: lists and
 * permission answers of one official must never be shown to the next one on a shared computer.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // Retry only what may pass on a second try (network, 5xx), never a refusal (4xx).
      retry: (count, error) => count < 2 && ((error as { statusCode?: number } | null)?.statusCode ?? 500) >= 500,
    },
  },
});
