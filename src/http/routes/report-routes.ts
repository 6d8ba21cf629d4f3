// The safeguarding board's report, as JSON for the tab and as CSV for a spreadsheet. Oversight
// posts only; aggregates only (no child, case number, dispute id or reference in either form).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../../app/app-services.ts';
import { boardReportCsv } from '../../app/board-report.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';
import { apiErrors } from '../../contract/errors.ts';
import { BoardReportCsvSchema, BoardReportSchema, ReportQuery } from '../../contract/reports.ts';

export function reportRoutes(app: FastifyInstance, services: AppServices) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const report = {
    summary: "The safeguarding board's report (oversight posts; aggregates only)",
    querystring: ReportQuery,
    response: { 200: BoardReportSchema, ...apiErrors },
  };
  api.get('/api/reports', { schema: report }, async (req) =>
    new PersonDisputes(services, req.person).boardReport(req.query, 'board-report'),
  );

  const csv = {
    summary: "The safeguarding board's report as CSV",
    querystring: ReportQuery,
    response: {
      200: {
        description: 'board-report-<from>-to-<to>.csv',
        content: { 'text/csv': { schema: BoardReportCsvSchema } },
      },
      ...apiErrors,
    },
  };
  api.get('/api/reports.csv', { schema: csv }, async (req, reply) => {
    const q = req.query;
    const report = await new PersonDisputes(services, req.person).boardReport(q, 'board-report.csv');
    const filename = `board-report-${q.from}-to-${q.to}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(boardReportCsv(report));
  });
}
