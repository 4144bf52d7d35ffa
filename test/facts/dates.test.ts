import { describe, expect, it } from "vitest";
import { dateBounds, dateInterval, parsePartialDate } from "../../src/facts/dates";

describe("parsePartialDate", () => {
  it("keeps the precision the text gives", () => {
    expect(parsePartialDate("2023-06-12")).toEqual({ year: 2023, month: 6, day: 12, precision: "DAY" });
    expect(parsePartialDate("2022-06")).toEqual({ year: 2022, month: 6, day: null, precision: "MONTH" });
    expect(parsePartialDate("2007")).toEqual({ year: 2007, month: null, day: null, precision: "YEAR" });
  });

  it("refuses dates that are not on the calendar", () => {
    for (const bad of ["2023-02-30", "2023-13", "2023-00", "2023-6-1", "June 2022", "", "2023-06-12T00:00"]) {
      expect(parsePartialDate(bad), bad).toBeNull();
    }
    expect(parsePartialDate("2024-02-29")).not.toBeNull();
  });
});

describe("dateBounds and dateInterval", () => {
  it("span the days a partial date can stand for", () => {
    expect(dateBounds("2022")).toEqual({ start: "2022-01-01", end: "2022-12-31" });
    expect(dateBounds("2023-02")).toEqual({ start: "2023-02-01", end: "2023-02-28" });
    expect(dateBounds("2023-06-12")).toEqual({ start: "2023-06-12", end: "2023-06-12" });
  });

  it("open the span on the qualified side", () => {
    expect(dateInterval("2023-06-12", "NOT_BEFORE")).toEqual({ start: "2023-06-12", end: "9999-12-31" });
    expect(dateInterval("2020", "NOT_AFTER")).toEqual({ start: "0000-01-01", end: "2020-12-31" });
  });
});
