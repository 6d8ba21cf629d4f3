// The safeguarding board's report, as JSON for the tab and as CSV for a spreadsheet. Oversight
// posts only; aggregates only (no child, case number, dispute id or reference in either form).
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import { boardReportCsv } from '../../app/board-report.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';
import { ReportQuery } from '../request-schemas.ts';
import { parseWith } from '../validate.ts';

export function reportRoutes(app: FastifyInstance, services: AppServices) {
  app.get('/api/reports', async (req) => {
    const q = parseWith(ReportQuery, req.query);
    return new PersonDisputes(services, req.person).boardReport(q, 'board-report');
  });

  app.get('/api/reports.csv', async (req, reply) => {
    const q = parseWith(ReportQuery, req.query);
    const report = await new PersonDisputes(services, req.person).boardReport(q, 'board-report.csv');
    const filename = `board-report-${q.from}-to-${q.to}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(boardReportCsv(report));
  });
}
