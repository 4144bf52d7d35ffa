import { defineEntity, one } from "../entity";
import { Tour } from "./tour.type";

export const tour = defineEntity({
  table: "tours",
  type: Tour,
  list: { description: "Tours (trips of several visits) the sources state, in fixture order." },
  relations: {
    traveler: one("Who makes the tour.", { inverse: { tours: "Tours the leader makes or made." } }),
  },
});
