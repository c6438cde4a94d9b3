import Foundation
public import Logging
internal import SuiviApp
internal import SuiviOperations
internal import SuiviPostgres
public import SuiviDomain
internal import SuiviStore

/// Answers every request of the console: finds the route, checks the input, loads the data through
/// the ``ConsoleDatabase`` and renders the page as HTML, JSON or CSV. Bad input gets a 4xx page that
/// says what is wrong; an unreadable store a 503; nothing here answers 500.
public struct ConsoleHandler: Sendable {
    let pages: ConsoleDatabase
    let integrity: IntegrityMonitor
    let logger: Logger
    /// Reference data for the regional coverage.
    let referenceData: ReferenceData

    public init(pages: ConsoleDatabase, checks: ConsoleDatabase, logger: Logger, referenceData: ReferenceData = .standard) {
        self.pages = pages
        self.integrity = IntegrityMonitor(database: checks)
        self.logger = logger
        self.referenceData = referenceData
    }

    /// Keeps the whole-store check fresh until cancelled.
    public func runIntegrityChecks(every interval: Duration) async {
        await integrity.run(every: interval)
    }

    static let maximumPathLength = 512

    public func respond(_ request: ConsoleRequest) async -> ConsoleResponse {
        var language = Language.negotiate(parameter: nil, acceptLanguage: request.acceptLanguage)
        var wantsJSON = false
        do {
            guard request.method == "GET" || request.method == "HEAD" else { throw ConsoleInputError(405, "error.method", request.method) }
            guard request.path.utf8.count <= Self.maximumPathLength else {
                throw ConsoleInputError(414, "error.path-too-long", String(request.path.utf8.count))
            }
            let parameters = try QueryParameters(request.query)
            language = Language.negotiate(parameter: try parameters.language(), acceptLanguage: request.acceptLanguage)
            let format = try parameters.format()
            wantsJSON = format == "json"
            guard let path = request.path.removingPercentEncoding else { throw ConsoleInputError(400, "error.bad-encoding", request.path) }
            let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            let renderer = HTMLRenderer(language: language, path: request.path, parameters: parameters.pairs)
            switch segments.count {
            case 0:
                return try await render(try await mandate(parameters, language), format, parameters, renderer)
            case 1 where segments[0] == "mandate":
                return try await render(try await mandate(parameters, language), format, parameters, renderer)
            case 1 where segments[0] == "states":
                return try await render(try await states(parameters, language), format, parameters, renderer)
            case 2 where segments[0] == "states":
                return try await render(try await state(segments[1], parameters, language), format, parameters, renderer)
            case 2 where segments[0] == "cases":
                return try await casePage(segments[1], parameters, format, language, renderer)
            case 1 where segments[0] == "integrity":
                return try await render(try await integrityPage(parameters, language), format, parameters, renderer)
            case 1 where segments[0] == "search":
                return try await render(try await search(parameters, language), format, parameters, renderer)
            case 1 where segments[0] == "healthz":
                try parameters.only([])
                _ = try await pages.run { try $0.query("SELECT 1 AS one").count }
                return ConsoleResponse(contentType: "text/plain; charset=utf-8", body: "ok\n")
            default:
                throw ConsoleInputError(404, "error.unknown-path", path)
            }
        } catch let error as ConsoleInputError {
            return ErrorPage(language: language).response(status: error.status, message: language.text(error.key, error.value), json: wantsJSON)
        } catch {
            // The store could not be read: say so, log the detail (never shown: it may name the server).
            logger.error("console request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return ErrorPage(language: language).response(status: 503, message: language.text("error.unavailable"), json: wantsJSON)
        }
    }

    func render(_ model: PageModel, _ format: String, _ parameters: QueryParameters, _ renderer: HTMLRenderer) async throws -> ConsoleResponse {
        switch format {
        case "json":
            return ConsoleResponse(contentType: "application/json; charset=utf-8", body: DataRenderer.json(model))
        case "text":
            return ConsoleResponse(contentType: "text/plain; charset=utf-8", body: TextRenderer(language: renderer.language).render(model) + "\n")
        case "csv":
            let ids = DataRenderer.tableIDs(model)
            let table = parameters["table"]
            if let table, !ids.contains(table) {
                throw ConsoleInputError(400, "error.bad-table", table + " (" + ids.joined(separator: ", ") + ")")
            }
            guard let csv = DataRenderer.csv(model, table: table) else { throw ConsoleInputError(400, "error.no-table", model.page) }
            return ConsoleResponse(
                contentType: "text/csv; charset=utf-8", body: csv, fileName: "suivi-\(model.page)-\(table ?? ids.first ?? "data").csv")
        default:
            return ConsoleResponse(contentType: "text/html; charset=utf-8", body: renderer.render(model), language: renderer.language.code)
        }
    }

    // MARK: pages

    func mandate(_ parameters: QueryParameters, _ language: Language) async throws -> PageModel {
        try parameters.only(["table"])
        let referenceData = referenceData
        let (regional, reports, states) = try await pages.run { connection in
            (
                try ConsultationQueries(connection: connection).regional(referenceData: referenceData),
                try ReportQueries(connection: connection).status(),
                try StateQueries(connection: connection).overview(StateQueries.Filter(page: PageRequest(limit: 500))).items
            )
        }
        return MandatePage(language: language).model(regional: regional, reports: reports, states: states)
    }

    func states(_ parameters: QueryParameters, _ language: Language) async throws -> PageModel {
        try parameters.only(["state", "from", "to", "limit", "offset", "table"])
        let state = try Self.stateCode(parameters["state"])
        let period = try parameters.period()
        let filter = StateQueries.Filter(
            state: state, period: period, consentsAt: period.to?.end, page: try parameters.page(defaultLimit: 100))
        let overview = try await pages.run { try StateQueries(connection: $0).overview(filter) }
        return StatesPage(language: language).model(overview, filter: filter, parameters: parameters.pairs)
    }

    func state(_ code: String, _ parameters: QueryParameters, _ language: Language) async throws -> PageModel {
        try parameters.only(["from", "to", "asof", "by", "limit", "offset", "table"])
        guard let state = try Self.stateCode(code) else { throw ConsoleInputError(404, "error.unknown-state", code) }
        let period = try parameters.period()
        let asOf = try parameters.moment("asof")
        let basis = try parameters.basis()
        let page = try parameters.page()
        let page_ = StatePage(language: language, state: state, parameters: parameters.pairs)
        let exists = try await pages.run { try StateDetailQueries(connection: $0).exists(state) }
        guard exists else { throw ConsoleInputError(404, "error.unknown-state", state) }
        if let asOf {
            let folded = try await pages.run { try StateAsOf.load(state, at: asOf, by: basis, page: page, connection: $0) }
            return page_.model(folded)
        }
        let detail = try await pages.run { try StateDetailQueries(connection: $0).detail(state, period: period, page: page) }
        return page_.model(detail)
    }

    func casePage(
        _ id: String, _ parameters: QueryParameters, _ format: String, _ language: Language, _ renderer: HTMLRenderer
    ) async throws -> ConsoleResponse {
        try parameters.only(["table"])
        guard Pattern.identifier.check(id) else { throw ConsoleInputError(400, "error.bad-id", id) }
        guard let page = try await pages.run({ try Self.caseReport(id, connection: $0) }) else {
            throw ConsoleInputError(404, "error.unknown-case", id)
        }
        let casePage = CasePage(language: language, caseID: id)
        if format == "html" {
            return ConsoleResponse(contentType: "text/html; charset=utf-8", body: casePage.html(page, renderer: renderer), language: language.code)
        }
        return try await render(casePage.model(page), format, parameters, renderer)
    }

    /// What ``AuditPage/render(_:connection:labels:now:)`` renders the case's report from, loaded the same
    /// way but not rendered: the console renders the report's body inside its own layout (or as data), and
    /// rendering the whole page as well doubled the page's CPU time (22 ms a view of a 99-event case).
    static func caseReport(_ caseID: String, connection: PostgresConnection) throws -> CaseHTMLReport.Input? {
        let audit = CaseAudit(connection: connection)
        let stream = try audit.stream(caseID)
        guard stream.first?.event.aggregate == .assistanceCase else { return nil }
        let events = stream.map(\.event)
        return CaseHTMLReport.Input(
            caseID: caseID, events: events, timeline: try audit.timeline(caseID),
            trace: CaseTrace.build(caseID: caseID, events: events), chain: HashChainCheck.check(stream), generatedAt: SystemClock.now())
    }

    func integrityPage(_ parameters: QueryParameters, _ language: Language) async throws -> PageModel {
        try parameters.only(["recheck", "limit", "offset", "table"])
        // 20 cases a page: each listed case's whole chain is hashed when it is first shown (on the bench data
        // set, 50 cases were 5,000 events, 1.7 MB of JSON, and half a second under load), then again after
        // its next event or the next whole-store check.
        let page = try parameters.page(defaultLimit: 20)
        let whole: IntegrityMonitor.Result
        if parameters["recheck"] != nil {
            whole = await integrity.check()
        } else if let last = await integrity.last {
            whole = last
        } else {
            whole = await integrity.check()
        }
        let listed = try await pages.run { try CaseQueries(connection: $0).page(PageRequest(limit: page.limit, offset: page.offset)) }
        let now = SystemClock.now()
        var checks = await integrity.reusableChecks(listed.items.map { ($0.caseID, $0.lastPosition) }, now: now)
        let unchecked = listed.items.filter { checks[$0.caseID] == nil }
        if !unchecked.isEmpty {
            // The cases not checked since their last event, in one snapshot and three queries.
            let reports = try await pages.run { try StoreAudit(connection: $0).verify(streamIDs: unchecked.map(\.caseID)) }
            var fresh: [String: CaseCheckCache.Entry] = [:]
            for row in unchecked {
                let report = reports[row.caseID]
                fresh[row.caseID] = CaseCheckCache.Entry(
                    events: report?.eventsChecked ?? 0, passed: report?.passed ?? true,
                    failure: report?.firstFailure.map { String(describing: $0) }, lastPosition: row.lastPosition, checkedAt: now)
            }
            await integrity.remember(fresh)
            checks.merge(fresh) { $1 }
        }
        let cases = listed.map { row in
            let check = checks[row.caseID]
            return IntegrityPage.CaseCheck(
                caseID: row.caseID, state: row.state, events: check?.events ?? 0, passed: check?.passed ?? true,
                failure: check?.failure, checkedAt: check?.checkedAt ?? now)
        }
        return IntegrityPage(language: language).model(whole: whole, cases: cases, parameters: parameters.pairs)
    }

    func search(_ parameters: QueryParameters, _ language: Language) async throws -> PageModel {
        try parameters.only(["q", "table"])
        let query = parameters["q"]
        var hits: [JSON] = []
        if let query {
            guard Pattern.identifier.check(query) else { throw ConsoleInputError(400, "error.bad-search", query) }
            hits = try await pages.run { try SearchQueries(connection: $0).search(query) }
        }
        return SearchPage(language: language).model(query: query, hits: hits, parameters: parameters.pairs)
    }

    /// nil for no State; the code when it is three capital letters.
    static func stateCode(_ text: String?) throws(ConsoleInputError) -> String? {
        guard let text else { return nil }
        guard Pattern.alpha3.check(text) else { throw ConsoleInputError(400, "error.bad-state", text) }
        return text
    }
}
