//! The incidents map: equirectangular plots (longitude scaled by the
//! cosine of the middle latitude) of the incidents that have point
//! coordinates, one colour per country. An overview panel shows every
//! point with a dashed frame around each country's points; below it, each
//! country with two or more places gets its own panel at its own scale, so
//! a far-away incident does not crowd the rest. No boundary data is needed.

use std::fmt::Write;

use crate::text::html;
use crate::{Map, MapPoint};

const PALETTE: [&str; 8] = ["#1b6ca8", "#c0392b", "#b7791f", "#00798c", "#4d8b31", "#7d5ba6", "#2e4057", "#a0522d"];
const WIDTH: f64 = 760.0;
const GAP: f64 = 16.0;

/// A graticule step that gives a handful of lines over `span` degrees.
fn step(span: f64) -> f64 {
    [0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 45.0].into_iter().find(|s| span / s <= 8.0).unwrap_or(60.0)
}

fn degrees(v: f64, pos: char, neg: char) -> String {
    let h = if v < 0.0 { neg } else { pos };
    let a = v.abs();
    if (a - a.round()).abs() < 1e-9 { format!("{}°{h}", a.round() as i64) } else { format!("{a:.1}°{h}") }
}

/// An axis-aligned box, for keeping labels apart.
#[derive(Clone, Copy)]
struct Rect(f64, f64, f64, f64);

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }
}

/// One panel: a frame at (`ox`, `oy`) of width `w` showing `points`.
struct Panel<'a> {
    points: Vec<&'a MapPoint>,
    ox: f64,
    oy: f64,
    w: f64,
    max_h: f64,
    min_span: f64,
    frames: bool,
    title: Option<String>,
}

impl Panel<'_> {
    /// Draws the panel into `svg`; returns its height.
    fn draw(&self, svg: &mut String, colour: &dyn Fn(&str) -> &'static str) -> f64 {
        let margin = 26.0;
        let top = if self.title.is_some() { 18.0 } else { 0.0 };
        let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in &self.points {
            lon0 = lon0.min(p.lon);
            lon1 = lon1.max(p.lon);
            lat0 = lat0.min(p.lat);
            lat1 = lat1.max(p.lat);
        }
        // Pad, and keep a minimum span so a single point has context.
        let pad_lon = ((lon1 - lon0) * 0.1).max(self.min_span / 6.0);
        let pad_lat = ((lat1 - lat0) * 0.1).max(self.min_span / 6.0);
        let (mut lon0, mut lon1, mut lat0, mut lat1) = (lon0 - pad_lon, lon1 + pad_lon, lat0 - pad_lat, lat1 + pad_lat);
        for (a, b) in [(&mut lon0, &mut lon1), (&mut lat0, &mut lat1)] {
            if *b - *a < self.min_span {
                let mid = (*a + *b) / 2.0;
                *a = mid - self.min_span / 2.0;
                *b = mid + self.min_span / 2.0;
            }
        }
        let (lat0, lat1) = (lat0.max(-89.0), lat1.min(89.0));
        let k = ((lat0 + lat1) / 2.0).to_radians().cos().max(0.2);
        let scale = ((self.w - 2.0 * margin) / ((lon1 - lon0) * k)).min((self.max_h - 2.0 * margin) / (lat1 - lat0));
        let h = (lat1 - lat0) * scale + 2.0 * margin;
        let (ox, oy, w) = (self.ox, self.oy + top, self.w);
        let x_off = ox + (w - (lon1 - lon0) * k * scale) / 2.0;
        let x = |lon: f64| x_off + (lon - lon0) * k * scale;
        let y = |lat: f64| oy + margin + (lat1 - lat) * scale;

        if let Some(t) = &self.title {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#1f2933\">{}</text>",
                ox,
                oy - 5.0,
                html(t)
            );
        }
        let _ = writeln!(
            svg,
            "<rect x=\"{ox:.1}\" y=\"{oy:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#f4f7fa\" stroke=\"#9aa5b1\"/>"
        );
        // Graticule.
        let st = step((lon1 - lon0).max(lat1 - lat0));
        let mut g = (lon0 / st).ceil() * st;
        while g <= lon1 {
            let gx = x(g);
            if gx > ox && gx < ox + w {
                let _ = writeln!(
                    svg,
                    "<line x1=\"{gx:.1}\" y1=\"{oy:.1}\" x2=\"{gx:.1}\" y2=\"{:.1}\" stroke=\"#d5dde5\" \
                     stroke-width=\"0.8\"/>",
                    oy + h
                );
                let _ = writeln!(
                    svg,
                    "<text x=\"{gx:.1}\" y=\"{:.1}\" font-size=\"9.5\" fill=\"#6b7785\" text-anchor=\"middle\">{}</text>",
                    oy + h - 5.0,
                    degrees(g, 'E', 'W')
                );
            }
            g += st;
        }
        let mut g = (lat0 / st).ceil() * st;
        while g <= lat1 {
            let gy = y(g);
            let _ = writeln!(
                svg,
                "<line x1=\"{ox:.1}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\" stroke=\"#d5dde5\" stroke-width=\"0.8\"/>",
                ox + w
            );
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9.5\" fill=\"#6b7785\">{}</text>",
                ox + 4.0,
                gy - 3.0,
                degrees(g, 'N', 'S')
            );
            g += st;
        }
        let mut taken: Vec<Rect> = Vec::new();
        // A dashed frame around each country's points.
        if self.frames {
            let mut countries: Vec<&str> = self.points.iter().map(|p| p.country.as_str()).collect();
            countries.sort_unstable();
            countries.dedup();
            for c in countries {
                let mine: Vec<&&MapPoint> = self.points.iter().filter(|p| p.country == c).collect();
                let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
                for p in &mine {
                    x0 = x0.min(x(p.lon));
                    x1 = x1.max(x(p.lon));
                    y0 = y0.min(y(p.lat));
                    y1 = y1.max(y(p.lat));
                }
                let (x0, y0, x1, y1) = (x0 - 12.0, y0 - 12.0, x1 + 12.0, y1 + 12.0);
                let _ = writeln!(
                    svg,
                    "<rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"5\" fill=\"none\" \
                     stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>",
                    x1 - x0,
                    y1 - y0,
                    colour(c)
                );
                let label = if c.is_empty() { "?" } else { c };
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10.5\" font-weight=\"bold\" fill=\"{}\">{}</text>",
                    x0 + 2.0,
                    y0 - 3.0,
                    colour(c),
                    html(label)
                );
                taken.push(Rect(x0, y0 - 13.0, x0 + 4.0 + 7.0 * label.len() as f64, y0));
            }
        }
        // The points, then their labels (table row numbers), placed where
        // they overlap nothing drawn before when possible.
        let mut marks = Vec::new();
        for p in &self.points {
            let (px, py) = (x(p.lon), y(p.lat));
            let r = (4.5 + 1.5 * (p.rows.len() as f64 - 1.0)).min(9.0);
            let rows: Vec<String> = p.rows.iter().map(|r| r.to_string()).collect();
            let _ = writeln!(
                svg,
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"{r:.1}\" fill=\"{}\" fill-opacity=\"0.85\" stroke=\"#fff\" \
                 stroke-width=\"1.2\"><title>{}: {}</title></circle>",
                colour(&p.country),
                html(&p.place),
                html(&rows.join(", "))
            );
            taken.push(Rect(px - r, py - r, px + r, py + r));
            marks.push((px, py, r, format!("{} ({})", p.place, rows.join(", "))));
        }
        for (px, py, r, label) in marks {
            let lw = 5.6 * label.chars().count() as f64;
            let options = [
                (px + r + 3.0, py + 3.5, "start"),
                (px - r - 3.0, py + 3.5, "end"),
                (px, py - r - 4.0, "middle"),
                (px, py + r + 11.0, "middle"),
                (px + r + 3.0, py + r + 11.0, "start"),
                (px + r + 3.0, py - r - 4.0, "start"),
            ];
            let rect = |(lx, ly, anchor): (f64, f64, &str)| {
                let x0 = match anchor {
                    "start" => lx,
                    "end" => lx - lw,
                    _ => lx - lw / 2.0,
                };
                Rect(x0, ly - 9.0, x0 + lw, ly + 2.0)
            };
            let fits = |o: &(f64, f64, &str)| {
                let b = rect(*o);
                b.0 >= ox && b.2 <= ox + w && b.1 >= oy && b.3 <= oy + h && !taken.iter().any(|t| t.overlaps(&b))
            };
            let choice = options.iter().find(|o| fits(o)).copied().unwrap_or(options[0]);
            taken.push(rect(choice));
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#1f2933\" text-anchor=\"{}\">{}</text>",
                choice.0,
                choice.1,
                choice.2,
                html(&label)
            );
        }
        top + h
    }
}

/// Draws the map.
pub(crate) fn draw(points: Vec<MapPoint>, unplaced: usize, caption: String) -> Map {
    let mut svg = String::new();
    if points.is_empty() {
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} 60\" width=\"{WIDTH}\" height=\"60\" \
             role=\"img\" aria-label=\"No incident has point coordinates\">\n<text x=\"{}\" y=\"34\" \
             text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">No incident in the table has point \
             coordinates.</text>\n</svg>",
            WIDTH / 2.0
        );
        return Map { caption, svg, points, unplaced };
    }
    let mut countries: Vec<&str> = points.iter().map(|p| p.country.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    let colour = |c: &str| PALETTE[countries.iter().position(|x| *x == c).unwrap_or(0) % PALETTE.len()];

    let mut body = String::new();
    let overview = Panel {
        points: points.iter().collect(),
        ox: 0.5,
        oy: 0.5,
        w: WIDTH - 1.0,
        max_h: 420.0,
        min_span: 6.0,
        frames: true,
        title: None,
    };
    let mut y = overview.draw(&mut body, &colour) + 0.5;
    // Legend.
    y += 18.0;
    for (i, c) in countries.iter().enumerate() {
        let n: usize = points.iter().filter(|p| p.country == *c).map(|p| p.rows.len()).sum();
        let lx = 8.0 + (i % 4) as f64 * (WIDTH / 4.0);
        let ly = y + 20.0 * (i / 4) as f64;
        let _ =
            writeln!(body, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{}\"/>", lx + 5.0, ly - 4.0, colour(c));
        let _ = writeln!(
            body,
            "<text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"11\" fill=\"#1f2933\">{}: {n} incident(s)</text>",
            lx + 14.0,
            html(if c.is_empty() { "?" } else { c })
        );
    }
    y += 20.0 * (countries.len().div_ceil(4) as f64 - 1.0) + 10.0;
    // One panel per country with several places, two to a row.
    let detailed: Vec<&str> =
        countries.iter().copied().filter(|c| points.iter().filter(|p| p.country == *c).count() > 1).collect();
    let pw = (WIDTH - GAP) / 2.0;
    for pair in detailed.chunks(2) {
        y += GAP;
        let mut row_h: f64 = 0.0;
        for (j, c) in pair.iter().enumerate() {
            let mine: Vec<&MapPoint> = points.iter().filter(|p| p.country == *c).collect();
            let n: usize = mine.iter().map(|p| p.rows.len()).sum();
            let panel = Panel {
                points: mine,
                ox: 0.5 + j as f64 * (pw + GAP),
                oy: y,
                w: pw - 1.0,
                max_h: 300.0,
                min_span: 2.0,
                frames: false,
                title: Some(format!("{}: {n} incident(s)", if c.is_empty() { "?" } else { c })),
            };
            row_h = row_h.max(panel.draw(&mut body, &colour));
        }
        y += row_h;
    }
    let total_h = (y + 2.0).ceil();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {total_h:.0}\" width=\"{WIDTH:.0}\" \
         height=\"{total_h:.0}\" role=\"img\" aria-labelledby=\"map-title\" font-family=\"Helvetica, Arial, \
         sans-serif\">"
    );
    let _ = writeln!(svg, "<title id=\"map-title\">{}</title>", html(&caption));
    svg.push_str(&body);
    svg.push_str("</svg>");
    Map { caption, svg, points, unplaced }
}
