import DossierCore
import DossierLink
import DossierValidate

/// Where a target figure stands on the build's date (SPEC, "Target ledger"): the
/// first rule that applies gives its status, and a status other than met is also
/// stale when its latest value is older than `stale_after` days.
public struct TargetStanding: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case met
        case metLate = "met-late"
        case overdue
        case onTrack = "on-track"
        case behind, reported
        case noData = "no-data"
    }

    public var status: Status
    public var stale: Bool
    /// From the baseline (or zero) to the target, in per cent, 0 to 100; nil without a target.
    public var progress: Int?
    /// The latest observation, by date (then the later article, then the later slug).
    public var latest: Observation?

    /// The ledger's order: most urgent first; an overdue or behind figure that is also stale keeps its place.
    public var urgency: Int {
        switch status {
        case .overdue: return 0
        case .behind: return 1
        case .onTrack, .reported, .noData:
            if stale { return 2 }
            return status == .onTrack ? 3 : status == .reported ? 4 : 5
        case .metLate: return 6
        case .met: return 7
        }
    }

    /// `figure`'s standing on `asOf`, from `observations` (each with its article's date and slug).
    public static func of(
        _ figure: Entity.Figure, observations: [(observation: Observation, articleDate: DateValue, slug: String)],
        asOf: DateValue, staleAfter: Int
    ) -> TargetStanding {
        let ordered = observations.sorted {
            ($0.observation.date.stamp, $0.articleDate.stamp, $0.slug) < (
                $1.observation.date.stamp, $1.articleDate.stamp, $1.slug
            )
        }
        let latest = ordered.last?.observation
        let increasing: Bool = {
            if let direction = figure.direction { return direction == .increase }
            if let baseline = figure.baseline, let target = figure.target { return target >= baseline.value }
            return true
        }()
        func reaches(_ value: Double, _ target: Double) -> Bool { increasing ? value >= target : value <= target }
        var progress: Int?
        if let target = figure.target {
            let start = figure.baseline?.value ?? 0
            if let latest, target != start {
                let share = (latest.value - start) / (target - start)
                progress = Int((min(1, max(0, share)) * 100).rounded(.down))
            } else if let latest {
                // A target equal to the baseline: reached or not.
                progress = reaches(latest.value, target) ? 100 : 0
            } else {
                progress = 0
            }
        }
        let status: Status
        if let target = figure.target, let deadline = figure.deadline {
            if let latest, reaches(latest.value, target) {
                let first = ordered.first { reaches($0.observation.value, target) }!.observation
                status = first.date.dayNumber > deadline.dayNumber ? .metLate : .met
            } else if deadline.dayNumber < asOf.dayNumber {
                status = .overdue
            } else if let latest, let baseline = figure.baseline {
                let span = Double(deadline.dayNumber - baseline.date.dayNumber)
                let elapsed = Double(latest.date.dayNumber - baseline.date.dayNumber)
                let expected = span <= 0 ? target : baseline.value + (target - baseline.value) * elapsed / span
                status = reaches(latest.value, expected) ? .onTrack : .behind
            } else {
                status = latest == nil ? .noData : .reported
            }
        } else {
            status = latest == nil ? .noData : .reported
        }
        let stale =
            status != .met && status != .metLate
            && latest.map { asOf.dayNumber - $0.date.dayNumber > staleAfter } == true
        return TargetStanding(status: status, stale: stale, progress: progress, latest: latest)
    }
}

extension TargetStanding {
    /// The standing in `graph` of the figure `ref` (nil for an entity that is no figure) on
    /// `asOf`, from the values reported by the articles `known` admits (all of them by default).
    package static func of(
        _ ref: EntityRef, in graph: SiteGraph, asOf: DateValue, known: (Int) -> Bool = { _ in true }
    ) -> TargetStanding? {
        guard let figure = graph.entities[ref]?.entity.figure else { return nil }
        let observations = (graph.observations[ref] ?? []).filter { known($0.article) }.map {
            ($0.observation, graph.articles[$0.article].article.date, graph.articles[$0.article].article.slug)
        }
        return of(figure, observations: observations, asOf: asOf, staleAfter: graph.config.staleAfter)
    }
}

extension DateValue {
    /// Days since 1970-01-01 of its date (proleptic Gregorian), for counting days between dates.
    package var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + self.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
