/** Downloads of the printed plan (GET /api/plans/:id/export.docx|pdf): file names and failures. */

export type ExportFormat = 'docx' | 'pdf';

/** The file name the server chose (RFC 6266: filename* in UTF-8 first, then filename). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/** Why a download failed, as a message key: the plan is gone, PDF is not installed, the server failed, or no network. */
export function exportFailure(response: Response | null, format: ExportFormat): string {
  if (!response) return 'plans.export.network';
  if (response.status === 401) return 'plans.export.signedOut';
  if (response.status === 404) return 'plans.export.notFound';
  if (format === 'pdf' && response.status === 503) return 'plans.export.pdfUnavailable';
  return 'plans.export.serverError';
}
