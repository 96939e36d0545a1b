/// A typed view model a template shows: what it is as a template value, an
/// object whose names are those the templates read (snake case: `date_iso`).
/// Written out by hand for each model rather than through `Encodable`, which
/// made rendering the 10,000-article benchmark 75 % slower.
public protocol TemplateRepresentable {
    var templateValue: TemplateValue { get }
}

/// A view model that is an object: it writes its values into one, so that models
/// shown together (`Merged`) make one object without copying either.
public protocol TemplateObjectModel: TemplateRepresentable {
    func write(into object: inout TemplateObject)
}

extension TemplateObjectModel {
    @inlinable public var templateObject: TemplateObject {
        var object = TemplateObject()
        write(into: &object)
        return object
    }

    @inlinable public var templateValue: TemplateValue { .object(templateObject) }
}

extension String: TemplateRepresentable {
    @inlinable public var templateValue: TemplateValue { .string(self) }
}

extension Int: TemplateRepresentable {
    @inlinable public var templateValue: TemplateValue { .int(self) }
}

extension Bool: TemplateRepresentable {
    @inlinable public var templateValue: TemplateValue { .bool(self) }
}

extension TemplateValue: TemplateRepresentable {
    @inlinable public var templateValue: TemplateValue { self }
}

extension Array: TemplateRepresentable where Element: TemplateRepresentable {
    @inlinable public var templateValue: TemplateValue { .list(map(\.templateValue)) }
}

extension TemplateObject {
    /// Sets `value` under `key` when there is one; a nil leaves the name out.
    @inlinable public mutating func set(_ key: String, _ value: (some TemplateRepresentable)?) {
        if let value { self[key] = value.templateValue }
    }
}
