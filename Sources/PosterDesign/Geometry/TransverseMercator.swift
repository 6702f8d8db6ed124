import Foundation
package import MapFeatures

/// A transverse Mercator projection on the WGS 84 ellipsoid, centred on the poster's centre.
///
/// Conformal like the UTM zone the Python original uses, with scale 1 and north straight up at the centre
/// (UTM is rotated by its grid convergence away from the zone's meridian, ~1.8° in Helsinki). Snyder's series
/// (USGS Professional Paper 1395, eq. 8-9, 8-10) is sub-metre accurate within a few degrees of the centre.
package struct TransverseMercator: Sendable {
    private static let semiMajorAxis = 6_378_137.0
    private static let eccentricitySquared = 0.006_694_379_990_14
    private static let secondEccentricitySquared = eccentricitySquared / (1 - eccentricitySquared)

    private let centralMeridian: Double
    private let originArc: Double

    package init(center: GeoPoint) {
        centralMeridian = center.longitude * .pi / 180
        let latitude = center.latitude * .pi / 180
        originArc = Self.meridianArc(latitude, sine: sin(latitude), cosine: cos(latitude))
    }

    /// Metres east and north of the centre.
    package func project(_ point: GeoPoint) -> MapPoint {
        let latitude = point.latitude * .pi / 180
        let sine = sin(latitude)
        let cosine = cos(latitude)
        let e2 = Self.eccentricitySquared
        let ep2 = Self.secondEccentricitySquared
        let n = Self.semiMajorAxis / (1 - e2 * sine * sine).squareRoot()
        let t = (sine / cosine) * (sine / cosine)
        let c = ep2 * cosine * cosine
        var deltaLongitude = point.longitude * .pi / 180 - centralMeridian
        if deltaLongitude > .pi {
            deltaLongitude -= 2 * .pi
        } else if deltaLongitude < -.pi {
            deltaLongitude += 2 * .pi
        }
        let a = deltaLongitude * cosine
        let a2 = a * a
        let x = n * (a + (1 - t + c) * a2 * a / 6 + (5 - 18 * t + t * t + 72 * c - 58 * ep2) * a2 * a2 * a / 120)
        let y =
            Self.meridianArc(latitude, sine: sine, cosine: cosine) - originArc
            + n * (sine / cosine)
            * (a2 / 2 + (5 - t + 9 * c + 4 * c * c) * a2 * a2 / 24
                + (61 - 58 * t + t * t + 600 * c - 330 * ep2) * a2 * a2 * a2 / 720)
        return MapPoint(x: x, y: y)
    }

    /// Distance along the meridian from the equator to `latitude` (radians, with its sine and cosine), in metres.
    /// The sines of 2, 4 and 6 times the latitude come from the double- and sum-angle identities: the projection of
    /// a big poster's million points calls `sin` and `cos` once each per point, not five times.
    private static func meridianArc(_ latitude: Double, sine: Double, cosine: Double) -> Double {
        let e2 = eccentricitySquared
        let e4 = e2 * e2
        let e6 = e4 * e2
        let (sine2, cosine2) = (2 * sine * cosine, cosine * cosine - sine * sine)
        let (sine4, cosine4) = (2 * sine2 * cosine2, cosine2 * cosine2 - sine2 * sine2)
        let sine6 = sine4 * cosine2 + cosine4 * sine2
        return semiMajorAxis
            * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * latitude
                - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * sine2
                + (15 * e4 / 256 + 45 * e6 / 1024) * sine4
                - (35 * e6 / 3072) * sine6)
    }
}

/// A projected position in metres east (`x`) and north (`y`) of the poster's centre.
package struct MapPoint: Sendable, Hashable {
    package var x: Double
    package var y: Double
}
